package org.musubi.format.calls;

/**
 * Receives one sample's 2-bit code during an iteration of {@link CallsView}; primitive, so no
 * boxing per genotype.
 */
@FunctionalInterface
public interface SampleCodeConsumer {
    /**
     * @param sampleIndex the sample's index in {@code [0, N)}, increasing over one iteration
     * @param code the sample's code, {@code 0..3} (a {@link GenotypeCode} for a calls vector)
     */
    void accept(int sampleIndex, int code);
}
