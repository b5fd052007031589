package org.vmoe4j.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import org.vmoe4j.tensor.Devices;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/** Where a command computes ({@code --devices}); shared by train, pretrain, eval and bench. */
public final class DeviceOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--devices", paramLabel = "LIST", converter = DevicesConverter.class,
            description = "cpu, gpu, gpu:N or a comma-separated list (gpu:0,1; cpu,cpu) (default: the GPUs the PyTorch "
                    + "engine sees, else the CPU). train and pretrain run data-parallel over a list, one model replica "
                    + "per entry; eval and bench run on one device (the Java model; ONNX Runtime runs on the CPU). "
                    + "Not stored in the run: it may resume on other devices.")
    Devices devices;

    /** Reads a {@code --devices} value; a bad one is a usage error naming the option. */
    static final class DevicesConverter implements ITypeConverter<Devices> {
        @Override
        public Devices convert(String value) {
            try {
                return Devices.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The devices of a training run, printed on the command's output (the run's files do not record them). */
    Devices forTraining() {
        Devices chosen = devices != null ? devices : Devices.engineDefault();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("devices: %s%s%n", chosen, chosen.size() > 1 ? " (data-parallel: " + chosen.size() + " replicas)" : "");
        out.flush();
        return chosen;
    }

    /** The one device of eval and bench (default: the engine's default device); a list is a usage error. */
    Device single() {
        if (devices == null) {
            return Devices.engineDefaultDevice();
        }
        if (devices.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--devices: " + spec.name() + " runs on one device, got "
                    + devices.size() + " (" + devices + ")");
        }
        return devices.first();
    }
}
