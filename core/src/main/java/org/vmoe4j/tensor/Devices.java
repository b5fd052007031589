package org.vmoe4j.tensor;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The devices a command computes on, as {@code --devices} names them: {@code cpu}, {@code gpu} (the first GPU),
 * {@code gpu:1}, or a comma-separated list ({@code gpu:0,1}, {@code cpu,cpu}). Training on a list of N runs N model
 * replicas, one per entry, data-parallel ({@code train.DataParallel}); the same device may appear more than once
 * ({@code cpu,cpu} exercises data parallelism on a machine without GPUs). Devices are the machine's, not the run's:
 * a run's {@code config.json} does not keep them, so a run may resume on other devices.
 *
 * @param list at least one device; the first holds the master copy of a trained model
 */
public record Devices(List<Device> list) {
    private static final String EXPECTED =
            "expected cpu, gpu, gpu:N or a comma-separated list of them (e.g. gpu:0,1 or cpu,cpu)";

    public Devices {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no device");
        }
        list = List.copyOf(list);
    }

    public static Devices of(Device... devices) {
        return new Devices(List.of(devices));
    }

    /** What the PyTorch engine reports: every GPU it sees (data-parallel over them), or the CPU when it sees none. */
    public static Devices engineDefault() {
        return new Devices(List.of(engine().getDevices()));
    }

    /** The PyTorch engine's default device: its first GPU, or the CPU when it sees none. */
    public static Device engineDefaultDevice() {
        return engine().defaultDevice();
    }

    /**
     * Reads a {@code --devices} value; GPUs are checked against those the PyTorch engine reports.
     *
     * @throws IllegalArgumentException one line naming the value and what was expected
     */
    public static Devices parse(String value) {
        return parse(value, engine().getGpuCount());
    }

    /** Reads a {@code --devices} value for a machine with {@code gpus} GPUs. */
    static Devices parse(String value, int gpus) {
        List<Device> devices = new ArrayList<>();
        boolean afterGpu = false;
        for (String item : value.strip().toLowerCase(Locale.ROOT).split(",", -1)) {
            String name = item.strip();
            Device device;
            if (name.equals("cpu")) {
                device = Device.cpu();
            } else if (name.equals("gpu")) {
                device = gpu(0, gpus, name);
            } else if (name.startsWith("gpu:") && isIndex(name.substring(4))) {
                device = gpu(Integer.parseInt(name.substring(4)), gpus, name);
            } else if (afterGpu && isIndex(name)) { // gpu:0,1
                device = gpu(Integer.parseInt(name), gpus, "gpu:" + name);
            } else {
                throw new IllegalArgumentException(EXPECTED + ", found '" + value + "'");
            }
            afterGpu = device.isGpu();
            devices.add(device);
        }
        return new Devices(devices);
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty() && s.length() < 6 && s.chars().allMatch(Character::isDigit);
    }

    private static Device gpu(int index, int gpus, String name) {
        if (index >= gpus) {
            throw new IllegalArgumentException("'" + name + "' names a GPU this machine does not have: the PyTorch engine reports "
                    + (gpus == 0 ? "none (a CPU build of libtorch; see the README's 'Devices and GPUs')"
                    : gpus + " (gpu:0 to gpu:" + (gpus - 1) + ")"));
        }
        return Device.gpu(index);
    }

    /** The device of the master copy (and of the only one when there is one). */
    public Device first() {
        return list.get(0);
    }

    /** The devices of the replicas beyond the first; empty with one device. */
    public List<Device> others() {
        return list.subList(1, list.size());
    }

    public int size() {
        return list.size();
    }

    /** The devices as {@code --devices} names them, e.g. {@code cpu,cpu} or {@code gpu:0,gpu:1}. */
    @Override
    public String toString() {
        return list.stream().map(Devices::name).collect(Collectors.joining(","));
    }

    /** {@code cpu} or {@code gpu:N}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType();
    }

    private static Engine engine() {
        return Engine.getEngine("PyTorch");
    }
}
