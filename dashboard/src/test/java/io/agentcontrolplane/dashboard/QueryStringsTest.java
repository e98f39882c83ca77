package io.agentcontrolplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringsTest {
    @Test
    void parametersInOrderDecodedAndEmptyPartsSkipped() {
        assertThat(QueryStrings.parse("status=running&&item=issue%2312&flag")).containsExactly(
                Map.entry("status", "running"), Map.entry("item", "issue#12"), Map.entry("flag", ""));
        assertThat(QueryStrings.parse(null)).isEmpty();
        assertThat(QueryStrings.parse("")).isEmpty();
    }

    @Test
    void aRepeatedNameOrABadEscapeIsAnErrorNamingIt() {
        assertThatThrownBy(() -> QueryStrings.parse("lane=fix&lane=automerge"))
                .hasMessage("parameter 'lane' is given twice");
        assertThatThrownBy(() -> QueryStrings.decode("issue%zz"))
                .hasMessage("the address is not well encoded: issue%zz");
    }
}
