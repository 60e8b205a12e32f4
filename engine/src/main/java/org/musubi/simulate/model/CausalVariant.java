package org.musubi.simulate.model;

/**
 * A causal variant and its true effect: {@code beta} per copy of the ALT (effect) allele on the quantitative trait
 * and on the liability of the binary trait, in units of the phenotype's standard deviation scale (total variance 1).
 *
 * @param variant global variant index
 * @param meanFrequency ALT frequency averaged over the populations (used to scale the effect)
 * @param varianceExplained the share of h² assigned to this variant: 2 p (1 − p) β² at p = meanFrequency
 */
public record CausalVariant(
        int variant,
        int block,
        int indexInBlock,
        String contig,
        int pos,
        String id,
        String ref,
        String alt,
        double meanFrequency,
        double beta,
        double varianceExplained) {}
