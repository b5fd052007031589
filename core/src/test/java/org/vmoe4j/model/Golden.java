package org.vmoe4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vmoe4j.io.SafeTensors;

/** A reference case written by {@code tools/make_golden.py}: PyTorch's parameters, inputs, outputs and gradients. */
final class Golden {
    static final double TOLERANCE = 1e-4;

    private final Map<String, NDArray> tensors;

    private Golden(Map<String, NDArray> tensors) {
        this.tensors = tensors;
    }

    static Golden load(String name, NDManager manager) {
        try {
            Path file = Path.of(Golden.class.getResource("/golden/" + name + ".safetensors").toURI());
            return new Golden(SafeTensors.read(file, manager));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    NDArray get(String name) {
        assertThat(tensors).as("golden tensors").containsKey(name);
        return tensors.get(name);
    }

    /** Overwrites every model parameter with PyTorch's value; the name sets must agree exactly. */
    void copyParametersInto(Model model) {
        Map<String, NDArray> params = model.parameters().parameters();
        var goldenNames = tensors.keySet().stream().filter(n -> n.startsWith("param."))
                .map(n -> n.substring("param.".length())).collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(params.keySet())).isEqualTo(goldenNames);
        params.forEach((name, param) -> {
            NDArray value = get("param." + name);
            assertThat(param.getShape()).as(name).isEqualTo(value.getShape());
            param.set(value.toByteBuffer());
        });
    }

    /** Every parameter's gradient agrees with PyTorch's {@code grad.NAME}. */
    void assertGradients(Model model) {
        model.parameters().parameters().forEach((name, param) ->
                assertClose(param.getGradient(), get("grad." + name), name + " gradient"));
    }

    static void assertClose(NDArray actual, NDArray expected, String what) {
        assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertThat((double) a[i]).as("%s[%d]", what, i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }
}
