package org.vmoe4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of profiled training steps goes, read from PyTorch's operator trace: per phase (forward with the
 * loss, backward, optimizer) the top-level operators, i.e. the operators Java called through JNI (in the backward
 * phase: the autograd nodes that PyTorch's engine ran from one call), the time spent inside them against the
 * phase's wall time (the rest is Java, DJL and JNI overhead), and the operators with the most self time.
 */
public final class StepProfile {
    /** The parts of a training step, in order. */
    public enum Phase { FORWARD, BACKWARD, OPTIMIZER }

    /** Per step: top-level operators, milliseconds inside them, wall milliseconds of the phase. */
    public record PhaseCost(Phase phase, double calls, double opMillis, double wallMillis) {
    }

    /** Per step: how often an operator ran (at any depth) and its self time (without the operators it called). */
    public record OpCost(String name, double calls, double selfMillis) {
    }

    public record Summary(int steps, double wallMillis, List<PhaseCost> phases, List<OpCost> topOps) {
    }

    private record Event(String name, double start, double duration, long thread) {
        double end() {
            return start + duration;
        }
    }

    private StepProfile() {
    }

    /**
     * Summarises a trace of {@code marks.length} steps.
     *
     * @param marks per step, the microseconds since the profile started at which the forward, backward and
     *              optimizer phases began and the step ended
     */
    public static Summary summarise(Path trace, double[][] marks, int topOps) {
        List<Event> events = read(trace);
        int steps = marks.length;
        double[] calls = new double[Phase.values().length];
        double[] opMicros = new double[calls.length];
        double[] wallMicros = new double[calls.length];
        for (double[] step : marks) {
            for (int p = 0; p < calls.length; p++) {
                wallMicros[p] += step[p + 1] - step[p];
            }
        }
        Map<String, double[]> perOp = new HashMap<>(); // name -> {calls, self micros}
        Map<Long, List<Event>> byThread = new HashMap<>();
        events.forEach(e -> byThread.computeIfAbsent(e.thread(), t -> new ArrayList<>()).add(e));
        for (List<Event> thread : byThread.values()) {
            thread.sort(Comparator.comparingDouble(Event::start).thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
            Deque<Event> open = new ArrayDeque<>();
            Map<Event, Double> childMicros = new IdentityHashMap<>();
            for (Event e : thread) {
                while (!open.isEmpty() && open.peek().end() <= e.start()) {
                    close(open.pop(), childMicros, perOp);
                }
                if (open.isEmpty()) {
                    int phase = phaseOf(marks, e.start());
                    if (phase >= 0) {
                        calls[phase]++;
                        opMicros[phase] += e.duration();
                    }
                } else {
                    childMicros.merge(open.peek(), e.duration(), Double::sum);
                }
                open.push(e);
            }
            while (!open.isEmpty()) {
                close(open.pop(), childMicros, perOp);
            }
        }
        List<PhaseCost> phases = new ArrayList<>();
        for (Phase p : Phase.values()) {
            int i = p.ordinal();
            phases.add(new PhaseCost(p, calls[i] / steps, opMicros[i] / steps / 1000, wallMicros[i] / steps / 1000));
        }
        List<OpCost> top = perOp.entrySet().stream()
                .map(e -> new OpCost(e.getKey(), e.getValue()[0] / steps, e.getValue()[1] / steps / 1000))
                .sorted(Comparator.comparingDouble(OpCost::selfMillis).reversed()).limit(topOps).toList();
        double wall = phases.stream().mapToDouble(PhaseCost::wallMillis).sum();
        return new Summary(steps, wall, phases, top);
    }

    private static void close(Event e, Map<Event, Double> childMicros, Map<String, double[]> perOp) {
        double[] op = perOp.computeIfAbsent(e.name(), n -> new double[2]);
        op[0]++;
        op[1] += e.duration() - childMicros.getOrDefault(e, 0.0);
        childMicros.remove(e);
    }

    /** The phase whose interval of some step holds time t, or -1 (between steps). */
    private static int phaseOf(double[][] marks, double t) {
        for (double[] step : marks) {
            for (int p = 0; p < step.length - 1; p++) {
                if (t >= step[p] && t < step[p + 1]) {
                    return p;
                }
            }
        }
        return -1;
    }

    private static List<Event> read(Path trace) {
        List<Event> events = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper().readerFor(JsonNode.class).readValues(trace.toFile())) {
            // the file is one JSON array; readValues walks its elements
            while (it.hasNextValue()) {
                JsonNode e = it.nextValue();
                events.add(new Event(e.get("name").asText(), e.get("ts").asDouble(), e.get("dur").asDouble(),
                        e.get("tid").asLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profiler trace " + trace, e);
        }
        return events;
    }
}
