package org.musubi.qc;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The variants the LD pruning step kept (plink2's {@code .prune.in}), for the steps after it: PCA reads its
 * variants through this set. Variants are named by their key {@code contig:pos:ref:alt} (as {@code
 * keep.variants.txt} and {@code keep.variants.pruned.txt}), in the table's order.
 *
 * <p>Use: {@code pruned.contains(contig + ":" + pos + ":" + ref + ":" + alt)} per row of a {@code GenotypeBlocks}
 * scan (as KING filters on the variant-QC failures), or {@link #keys()} for the list.
 */
public final class PrunedSet {
    private final List<String> keys;
    private final Set<String> set;

    PrunedSet(List<String> keys) {
        this.keys = List.copyOf(keys);
        this.set = new HashSet<>(keys);
    }

    /** Whether the variant with this key was kept. */
    public boolean contains(String key) {
        return set.contains(key);
    }

    /** The kept variants' keys in the table's order. */
    public List<String> keys() {
        return keys;
    }

    public int size() {
        return keys.size();
    }
}
