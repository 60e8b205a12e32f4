package org.musubi.simulate;

import java.util.List;
import org.musubi.error.MusubiUserException;
import org.musubi.simulate.model.SimulationParams;

/**
 * A simulation run, validated by the job.
 *
 * @param format {@code vcf} (bgzipped VCF + .tbi per bank), {@code table} (variant tables written directly) or
 *     {@code both}
 * @param out output directory (written atomically: complete or absent)
 */
public record SimulateRequest(
        SimulationParams params, String format, String out, boolean overwrite, List<String> arguments) {
    public SimulateRequest {
        if (!List.of("vcf", "table", "both").contains(format)) {
            throw new MusubiUserException("--format " + format + ": use vcf, table or both");
        }
        arguments = List.copyOf(arguments);
    }

    public boolean writeVcf() {
        return !format.equals("table");
    }

    public boolean writeTable() {
        return !format.equals("vcf");
    }
}
