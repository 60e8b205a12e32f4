package org.musubi.qc;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.musubi.output.OutputCommit;

/**
 * Step 3's outputs from {@link PrunePass}'s parts: plink2's {@code prune.in} and {@code prune.out} (the variants'
 * IDs, or {@code contig:pos:ref:alt} for a variant without one, in the table's order: what plink2 writes after
 * {@code --set-all-var-ids @:#:$r:$a} for those), {@code keep.variants.pruned.txt} (the kept variants as {@code
 * contig:pos:ref:alt}, the format of {@code keep.variants.txt}: plink2 {@code --extract} after the same ID rule) and
 * the step's {@code summary.json} keys.
 */
final class PruneOutput {
    static final String IN = "prune.in";
    static final String OUT = "prune.out";
    static final String KEEP = "keep.variants.pruned.txt";

    private PruneOutput() {}

    /** Writes the outputs; returns the kept set. {@code ranges} says which regions were left out. */
    static PrunedSet write(
            OutputCommit commit,
            List<PrunePass.Part> parts,
            PruneSettings s,
            String ranges,
            int founders,
            Map<String, Object> summary)
            throws IOException {
        List<String> kept = new ArrayList<>();
        int rows = 0;
        int failedQc = 0;
        int inRange = 0;
        int belowMaf = 0;
        int removed = 0;
        try (Writer in = QcText.open(commit, IN);
                Writer out = QcText.open(commit, OUT);
                Writer keep = QcText.open(commit, KEEP)) {
            for (PrunePass.Part p : parts) {
                rows += p.rows();
                failedQc += p.failedQc();
                inRange += p.inRange();
                belowMaf += p.belowMaf();
                BitSet r = BitSet.valueOf(p.removed());
                for (int k = 0; k < p.keys().size(); k++) {
                    String key = p.keys().get(k);
                    String id = p.ids().get(k) == null ? key : p.ids().get(k);
                    if (r.get(k)) {
                        out.write(id + "\n");
                        removed++;
                    } else {
                        in.write(id + "\n");
                        keep.write(key + "\n");
                        kept.add(key);
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autosomal_variants", rows);
        m.put("failing_variant_qc", failedQc);
        m.put("in_excluded_ranges", inRange);
        m.put("below_maf", belowMaf);
        m.put("candidates", kept.size() + removed);
        m.put("kept", kept.size());
        m.put("removed", removed);
        m.put("window", s.windowText());
        m.put("step", s.step());
        m.put("r2", s.r2());
        m.put("maf", s.maf());
        m.put("excluded_ranges", ranges);
        m.put("founders", founders);
        m.put("contigs", parts.size());
        summary.put("prune", m);
        return new PrunedSet(kept);
    }
}
