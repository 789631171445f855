package org.acpmerchant.platform.ops.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDifferencesTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void namesEachDifferingLeaf_addedAndRemovedOnes_asJsonPointers() throws Exception {
        var live = json.readTree("{\"status\":\"canceled\",\"a/b\":1,\"lines\":[{\"q\":1},{\"q\":2}],\"same\":true}");
        var rebuilt = json.readTree("{\"status\":\"confirmed\",\"a/b\":1,\"lines\":[{\"q\":1},{\"q\":3},{\"q\":4}],"
                + "\"same\":true,\"new\":\"x\"}");
        List<Map<String, String>> d = JsonDifferences.between(live, rebuilt, 20);
        assertThat(d).extracting(m -> m.get("path")).containsExactly("/status", "/lines/1/q", "/lines/2", "/new");
        assertThat(d.get(0)).containsEntry("live", "\"canceled\"").containsEntry("rebuilt", "\"confirmed\"");
        assertThat(d.get(2).get("live")).isNull();
        assertThat(JsonDifferences.between(live, live, 20)).isEmpty();
        assertThat(JsonDifferences.between(null, rebuilt, 20)).extracting(m -> m.get("path")).containsExactly("/");
        assertThat(JsonDifferences.between(live, rebuilt, 2)).hasSize(2);
    }
}
