package dev.lmaas.platform.ui.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void quotesWhatNeedsQuotingAndDefusesFormulas() {
        StringWriter out = new StringWriter();
        new CsvWriter(out).row(List.of("plain", "a,b", "say \"hi\"", "line\nbreak", "=SUM(A1)", "+1", "@cmd", -5, "")).row(List.of("x"));
        assertThat(out.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",'=SUM(A1),'+1,'@cmd,-5,\r\nx\r\n");
    }
}
