package io.agentcontrolplane.core.world;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads an enum from its name in files and APIs, with an error that lists what is accepted. */
final class WireNames {
    private WireNames() {
    }

    static <E extends Enum<E>> E parse(E[] values, Function<E, String> wireName, String text, String what) {
        for (E value : values) {
            if (wireName.apply(value).equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (expected one of "
                + Arrays.stream(values).map(wireName).collect(Collectors.joining(", ")) + ")");
    }
}
