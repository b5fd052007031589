package org.vmoe4j.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.UserError;
import org.vmoe4j.config.TrainConfig;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.eval.RunEvaluator;
import org.vmoe4j.eval.SuperClassDiscovery;
import org.vmoe4j.io.AtomicFile;
import org.vmoe4j.nn.Cost;
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.run.RunDirectory;
import org.vmoe4j.run.TrainedRun;
import org.vmoe4j.train.TrainingRun;

/**
 * A study as one resumable job: MV's procedure (MV 2.2, Fig. 1: train each dense ViT, discover E super-classes from
 * its validation confusions, train its Mobile V-MoE twin with the router supervised by them) or one of the papers'
 * ablations ({@link Ablation}), then a table and a chart. Every step leaves a file in the study directory
 * ({@code ARM/} runs, {@code superclasses-DENSE-eE.json}, {@code ARM/result.json}); a restarted study skips what is
 * there.
 */
public final class Study {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String PLAN = "study.json";

    private final Path dir;
    private final StudyPlan plan;
    private final StudyProgress progress;

    private Study(Path dir, StudyPlan plan, StudyProgress progress) {
        this.dir = dir;
        this.plan = plan;
        this.progress = progress;
    }

    /** Starts a study in {@code dir}, or continues the one there when its plan is the same. */
    public static Study open(Path dir, StudyPlan plan, StudyProgress progress) throws IOException {
        plan.validate();
        Path file = dir.resolve(PLAN);
        if (Files.isRegularFile(file)) {
            if (!readPlan(dir).equals(plan)) {
                throw new UserError(dir + " holds a study with another plan (" + file + "); continue it with --resume "
                        + dir + " or choose another --out");
            }
        } else {
            AtomicFile.write(file, JSON.writeValueAsBytes(plan));
        }
        return new Study(dir, plan, progress);
    }

    /** Continues the study recorded in {@code dir}. */
    public static Study resume(Path dir, StudyProgress progress) throws IOException {
        return new Study(dir, readPlan(dir), progress);
    }

    private static StudyPlan readPlan(Path dir) {
        Path file = dir.resolve(PLAN);
        if (!Files.isRegularFile(file)) {
            throw new UserError(dir + " is not a study directory (no " + PLAN + ")");
        }
        try {
            return JSON.readValue(file.toFile(), StudyPlan.class);
        } catch (IOException e) {
            throw new UserError(file + ": unreadable study plan (" + e.getMessage().split("\n")[0] + ")");
        }
    }

    public StudyPlan plan() {
        return plan;
    }

    public Path directory() {
        return dir;
    }

    /** Trains and evaluates every arm not done yet, then writes {@code results.csv} and the chart. */
    public List<StudyResult> run() throws IOException {
        List<StudyResult> results = new ArrayList<>();
        List<StudyArm> arms = plan.arms();
        for (int i = 0; i < arms.size(); i++) {
            progress.say(String.format("[%d/%d] %s", i + 1, arms.size(), arms.get(i).name()));
            results.add(result(arms.get(i)));
        }
        StudyReport.write(dir, plan, results);
        return results;
    }

    /** The chart this study draws. */
    public Path chart() {
        return dir.resolve(StudyReport.chart(plan));
    }

    private StudyResult result(StudyArm arm) throws IOException {
        String name = arm.name();
        Path file = dir.resolve(name).resolve("result.json");
        if (Files.isRegularFile(file)) {
            progress.say(name + ": finished earlier, " + file);
            return JSON.readValue(file.toFile(), StudyResult.class);
        }
        TrainingRun run = open(arm);
        if (!run.directory().hasWeights()) {
            run.train(progress.training(name, run.config().train().epochs()));
        }
        TrainedRun trained = TrainedRun.open(run.directory().path());
        EvalResult test = progress.evaluating(name + " test", run.data().test().size(),
                p -> RunEvaluator.evaluate(trained, run.data().test(), p));
        Cost cost = test.cost();
        double seconds = run.directory().readMetrics().stream().mapToDouble(EpochMetrics::seconds).sum();
        StudyResult result = new StudyResult(name, arm.setting(), arm.series(), cost.params(), cost.activeParams(),
                ActivatedParams.perImage(test, trained.config().model()), cost.flops(), test.top1(),
                test.routerAccuracy(), seconds);
        AtomicFile.write(file, JSON.writeValueAsBytes(result));
        progress.say(String.format("%s: test top-1 %.2f%%%s, %.1fM FLOPs per image", name, 100 * result.top1(),
                Double.isNaN(result.routerAccuracy()) ? "" : String.format(", router %.2f%%", 100 * result.routerAccuracy()),
                result.flops() / 1e6));
        return result;
    }

    /** The arm's run: continued when its directory has one, else started (with discovered super-classes if it has). */
    private TrainingRun open(StudyArm arm) {
        Path runDir = dir.resolve(arm.name());
        if (Files.isRegularFile(runDir.resolve(RunDirectory.CONFIG))) {
            return TrainingRun.resume(runDir);
        }
        TrainConfig train = arm.train();
        if (arm.groupsFrom() != null) {
            Path groups = superClasses(arm.groupsFrom(), arm.model().experts());
            train = train.toBuilder().superclasses(groups.toString()).build();
        }
        return TrainingRun.start(runDir, arm.model(), plan.data(), plan.recipe(), train, null);
    }

    /** MV 2.2: the dense model's validation confusions clustered into E groups, computed once per (model, E). */
    private Path superClasses(String dense, int experts) {
        Path file = dir.resolve("superclasses-" + dense + "-e" + experts + ".json");
        if (Files.isRegularFile(file)) {
            return file;
        }
        TrainedRun run = TrainedRun.open(dir.resolve(dense));
        if (experts > run.classNames().size()) {
            throw new UserError("cannot discover " + experts + " super-classes among the " + run.classNames().size()
                    + " classes of " + plan.data() + "; give fewer experts (--experts or --values)");
        }
        EvalResult val = progress.evaluating(dense + " val", run.data().val().size(),
                p -> RunEvaluator.evaluate(run, run.data().val(), p));
        SuperClasses groups = SuperClassDiscovery.discover(val.confusion(), experts, run.config().train().seed());
        SuperClassMap.write(file, groups, run.data().classNames());
        progress.say(String.format("%d super-classes from %s's confusions (%.2f%% val top-1) -> %s", experts, dense,
                100 * val.top1(), file));
        SuperClassMap.table(groups, run.data().classNames()).forEach(progress::say);
        return file;
    }
}
