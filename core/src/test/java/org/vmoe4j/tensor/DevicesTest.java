package org.vmoe4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** {@code --devices} values read against a machine with a given number of GPUs. */
class DevicesTest {
    @Test
    void namesAndListsReadAsDevicesInOrder() {
        assertThat(Devices.parse("cpu", 0).list()).containsExactly(Device.cpu());
        assertThat(Devices.parse(" CPU , cpu ", 0).list()).containsExactly(Device.cpu(), Device.cpu());
        assertThat(Devices.parse("gpu", 1).list()).containsExactly(Device.gpu(0));
        assertThat(Devices.parse("gpu:0,1", 2).list()).containsExactly(Device.gpu(0), Device.gpu(1));
        assertThat(Devices.parse("gpu:1,gpu:0,cpu", 2).list()).containsExactly(Device.gpu(1), Device.gpu(0), Device.cpu());
        assertThat(Devices.parse("gpu:0,1", 2)).hasToString("gpu:0,gpu:1");
        assertThat(Devices.parse("cpu,cpu,cpu", 0).others()).hasSize(2);
    }

    @Test
    void unknownNamesAndAbsentGpusAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Devices.parse("tpu", 0)).hasMessage(
                "expected cpu, gpu, gpu:N or a comma-separated list of them (e.g. gpu:0,1 or cpu,cpu), found 'tpu'");
        assertThatThrownBy(() -> Devices.parse("cpu,1", 4)).hasMessageContaining("found 'cpu,1'");
        assertThatThrownBy(() -> Devices.parse("cpu,", 0)).hasMessageContaining("found 'cpu,'");
        assertThatThrownBy(() -> Devices.parse("gpu:-1", 2)).hasMessageContaining("found 'gpu:-1'");
        assertThatThrownBy(() -> Devices.parse("gpu:7", 0)).hasMessage("'gpu:7' names a GPU this machine does not have:"
                + " the PyTorch engine reports none (a CPU build of libtorch; see the README's 'Devices and GPUs')");
        assertThatThrownBy(() -> Devices.parse("gpu:0,2", 2)).hasMessageContaining("'gpu:2' names a GPU")
                .hasMessageEndingWith("reports 2 (gpu:0 to gpu:1)");
    }

    @Test
    void theEngineOfThisMachineReportsItsDevices() {
        int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
        assertThat(Devices.engineDefault().list()).hasSize(Math.max(gpus, 1));
        assertThat(Devices.engineDefault().first()).isEqualTo(Devices.engineDefaultDevice());
    }
}
