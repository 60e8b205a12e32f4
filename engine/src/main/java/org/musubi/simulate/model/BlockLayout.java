package org.musubi.simulate.model;

/**
 * The sites of one LD block: positions, alleles, the ancestral ALT frequency and each population's ALT frequency.
 * The same in every bank.
 */
public final class BlockLayout {
    public final int block;
    public final String contig;
    /** Whether the block is on X outside the PARs (haploid in XY samples). */
    public final boolean xNonPar;
    /** Global index of the block's first variant. */
    public final int firstVariant;

    public final int[] pos;
    public final String[] ref;
    public final String[] alt;
    public final double[] ancestralFrequency;
    /** [population][variant]. */
    public final double[][] populationFrequency;

    BlockLayout(int block, String contig, int firstVariant, int length, int populations) {
        this.block = block;
        this.contig = contig;
        this.xNonPar = Genome.isX(contig);
        this.firstVariant = firstVariant;
        this.pos = new int[length];
        this.ref = new String[length];
        this.alt = new String[length];
        this.ancestralFrequency = new double[length];
        this.populationFrequency = new double[populations][length];
    }

    public int length() {
        return pos.length;
    }

    /** The variant's ID: {@code contig:pos:ref:alt}. */
    public String id(int j) {
        return contig + ":" + pos[j] + ":" + ref[j] + ":" + alt[j];
    }

    /** A/T or C/G: the alleles are each other's complement, so the strand cannot be told from them. */
    public boolean strandAmbiguous(int j) {
        String p = ref[j] + alt[j];
        return p.equals("AT") || p.equals("TA") || p.equals("CG") || p.equals("GC");
    }
}
