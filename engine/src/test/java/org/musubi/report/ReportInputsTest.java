package org.musubi.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReportInputsTest {
    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void theKindIsTheSummarysJobWhenItHasOne() throws Exception {
        assertEquals(ReportInputs.Kind.FREQ_MERGE, ReportInputs.kindOf(json("{\"strata\":[],\"job\":\"freq-merge\"}")));
        assertEquals(ReportInputs.Kind.META, ReportInputs.kindOf(json("{\"job\":\"meta\"}")));
        assertNull(ReportInputs.kindOf(json("{\"phenotypes\":{},\"job\":\"simulate\"}")));
    }

    @Test
    void oldSummariesWithoutAJobAreToldByTheirKeys() throws Exception {
        assertEquals(ReportInputs.Kind.GWAS, ReportInputs.kindOf(json("{\"phenotypes\":{}}")));
        assertEquals(ReportInputs.Kind.FREQ_MERGE, ReportInputs.kindOf(json("{\"banks\":[],\"fst\":{}}")));
        assertEquals(ReportInputs.Kind.FREQ, ReportInputs.kindOf(json("{\"strata\":[]}")));
        assertNull(ReportInputs.kindOf(json("{\"other\":1}")));
    }
}
