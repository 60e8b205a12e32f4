package org.musubi.qc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.musubi.error.MusubiUserException;
import org.musubi.output.OutputCommit;
import org.musubi.stats.qc.KingCutoff;

/**
 * Step 5, the unrelated set: plink2 {@code --king-cutoff}'s greedy pruning ({@link KingCutoff}) of the graph of KING
 * pairs with kinship above {@code --king-cutoff} (the edges {@link KingOutput} returns, in kin0 order), over the samples KING ran on (in table order, as plink2's sample
 * order). Writes {@code unrelated.txt} (the samples kept, plink2's {@code .king.cutoff.in.id}) and {@code
 * unrelated.remove.txt} ({@code .king.cutoff.out.id}). A cutoff at which every sample has a relative is refused.
 */
final class UnrelatedOutput {
    static final String KEEP = "unrelated.txt";
    static final String REMOVE = "unrelated.remove.txt";

    private UnrelatedOutput() {}

    /** Writes the lists; returns the unrelated samples' positions in {@code samples}. */
    static int[] write(
            OutputCommit commit,
            QcCohort cohort,
            int[] samples,
            KingOutput.Edges king,
            QcRequest req,
            Map<String, Object> summary)
            throws IOException {
        List<int[]> edges = new ArrayList<>();
        boolean[] related = new boolean[samples.length];
        for (int k = 0; k < king.hi().length; k++) {
            edges.add(new int[] {king.hi()[k], king.lo()[k]});
            related[king.hi()[k]] = true;
            related[king.lo()[k]] = true;
        }
        int withRelative = 0;
        for (boolean r : related) {
            withRelative += r ? 1 : 0;
        }
        if (samples.length > 1 && withRelative == samples.length) {
            throw new MusubiUserException("--king-cutoff " + req.kingCutoff() + ": every one of the " + samples.length
                    + " samples has a relative with a kinship above it, so no unrelated set is meaningful; raise the"
                    + " cutoff (0.177 keeps first-degree pairs apart, 0.0884 second degree, 0.0442 third) or check"
                    + " the table (duplicated samples?)");
        }
        int[] a = new int[edges.size()];
        int[] b = new int[edges.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = edges.get(k)[0];
            b[k] = edges.get(k)[1];
        }
        int[] removed = KingCutoff.remove(samples.length, a, b);
        boolean[] out = new boolean[samples.length];
        for (int r : removed) {
            out[r] = true;
        }
        String header = "#" + cohort.idHeader("") + "\n";
        QcText.write(commit, KEEP, w -> {
            w.write(header);
            for (int i = 0; i < samples.length; i++) {
                if (!out[i]) {
                    w.write(cohort.idColumns(samples[i]) + "\n");
                }
            }
        });
        QcText.write(commit, REMOVE, w -> {
            w.write(header);
            for (int r : removed) {
                w.write(cohort.idColumns(samples[r]) + "\n");
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cutoff", req.kingCutoff());
        m.put("samples", samples.length);
        m.put("related_pairs", edges.size());
        m.put("samples_with_a_relative", withRelative);
        m.put("unrelated", samples.length - removed.length);
        m.put("removed", removed.length);
        summary.put("unrelated", m);
        int[] kept = new int[samples.length - removed.length];
        for (int i = 0, j = 0; i < samples.length; i++) {
            if (!out[i]) {
                kept[j++] = i;
            }
        }
        return kept;
    }
}
