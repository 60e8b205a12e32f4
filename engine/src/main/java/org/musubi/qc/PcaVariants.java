package org.musubi.qc;

import java.io.Serializable;
import java.util.Set;

/**
 * The PCA step's variant set, the one input through which a run chooses it: of the table's autosomal variants, those
 * not in {@code excluded} (variant QC's failures, {@code contig:pos:ref:alt}), and, when {@code only} is given (the
 * IDs of {@code --pca-variants FILE}, e.g. plink2's {@code .prune.in}, or an LD-pruned set), only those whose ID or
 * {@code contig:pos:ref:alt} is in it; then the tasks keep the polymorphic ones with a minor allele frequency over the
 * PCA samples' founders of at least {@code minMaf}.
 */
record PcaVariants(Set<String> excluded, Set<String> only, double minMaf) implements Serializable {
    static final double DEFAULT_MIN_MAF = 0.01;

    PcaVariants {
        excluded = Set.copyOf(excluded);
        only = only == null ? null : Set.copyOf(only);
    }

    /** Whether the variant is a candidate, before its frequency is known. */
    boolean candidate(String contig, int pos, String id, String ref, String alt) {
        if (excluded.isEmpty() && only == null) {
            return true;
        }
        String key = contig + ":" + pos + ":" + ref + ":" + alt;
        if (excluded.contains(key)) {
            return false;
        }
        return only == null || only.contains(key) || (id != null && only.contains(id));
    }

    /** The ID the PCA's outputs give a variant: its ID, or {@code contig:pos:ref:alt} when it has none. */
    static String id(String contig, int pos, String id, String ref, String alt) {
        return id != null && !id.isEmpty() && !".".equals(id) ? id : contig + ":" + pos + ":" + ref + ":" + alt;
    }
}
