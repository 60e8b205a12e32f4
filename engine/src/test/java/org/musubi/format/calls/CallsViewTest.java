package org.musubi.format.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.musubi.format.calls.TwoBitPatterns.Pattern;

class CallsViewTest {
    /** One view reused across all patterns, as a kernel keeps one per partition. */
    private static final CallsView VIEW = new CallsView();

    static Stream<Pattern> patterns() {
        return TwoBitPatterns.all().stream();
    }

    /** Indices and codes collected from a callback or from the naive scan. */
    private static final class Collected {
        int[] idx;
        byte[] codes;
        int size;

        Collected(int capacity) {
            idx = new int[capacity];
            codes = new byte[capacity];
        }

        void add(int i, int code) {
            idx[size] = i;
            codes[size] = (byte) code;
            size++;
        }

        int[] indices() {
            return Arrays.copyOf(idx, size);
        }

        byte[] codes() {
            return Arrays.copyOf(codes, size);
        }
    }

    private static Collected naive(byte[] dense, int excluded) {
        Collected c = new Collected(dense.length);
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != excluded) {
                c.add(i, dense[i]);
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void iterationsEqualTheNaiveScanOfTheDenseDecode(Pattern pattern) {
        int n = pattern.n();
        byte[] enc = TwoBitVector.encode(pattern.values(), n);
        CallsView view = VIEW.reset(enc, n);

        assertThat(view.sampleCount()).isEqualTo(n);
        assertThat(view.isSparse()).isEqualTo((enc[0] & 3) == TwoBitVector.SPARSE);
        assertThat(view.defaultCode()).isEqualTo((enc[0] >>> 2) & 3);

        byte[] dense = new byte[n];
        view.decodeDense(dense);
        assertThat(dense).isEqualTo(pattern.values());

        // non-ref: correct whatever the default
        Collected nonRef = naive(dense, GenotypeCode.HOM_REF);
        Collected seen = new Collected(n);
        view.forEachNonRef(seen::add);
        assertThat(seen.indices()).isEqualTo(nonRef.indices());
        assertThat(seen.codes()).isEqualTo(nonRef.codes());
        assertThat(view.nonRefCount()).isEqualTo(nonRef.size);

        int[] idx = new int[nonRef.size];
        byte[] codes = new byte[nonRef.size];
        assertThat(view.nonRefSamples(idx, codes)).isEqualTo(nonRef.size);
        assertThat(idx).isEqualTo(nonRef.indices());
        assertThat(codes).isEqualTo(nonRef.codes());
        int[] idxOnly = new int[nonRef.size + 3];
        assertThat(view.nonRefSamples(idxOnly, null)).isEqualTo(nonRef.size);
        assertThat(Arrays.copyOf(idxOnly, nonRef.size)).isEqualTo(nonRef.indices());

        // non-default: the exceptions when SPARSE, the non-ref samples when DENSE
        Collected nonDefault = naive(dense, view.defaultCode());
        Collected seenDefault = new Collected(n);
        view.forEachNonDefault(seenDefault::add);
        assertThat(seenDefault.indices()).isEqualTo(nonDefault.indices());
        assertThat(seenDefault.codes()).isEqualTo(nonDefault.codes());
        assertThat(view.nonDefaultCount()).isEqualTo(nonDefault.size);
        int[] idx2 = new int[nonDefault.size];
        byte[] codes2 = new byte[nonDefault.size];
        assertThat(view.nonDefaultSamples(idx2, codes2)).isEqualTo(nonDefault.size);
        assertThat(idx2).isEqualTo(nonDefault.indices());
        assertThat(codes2).isEqualTo(nonDefault.codes());

        int[] counts = new int[4];
        view.codeCounts(counts);
        int[] expected = new int[4];
        for (byte b : dense) {
            expected[b]++;
        }
        assertThat(counts).isEqualTo(expected);
    }

    /** A subset (every third sample, reversed) decoded alone equals the dense decode's codes at those samples. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void subsetDecodeEqualsTheDenseDecodeAtTheSubset(Pattern pattern) {
        int n = pattern.n();
        CallsView view = VIEW.reset(TwoBitVector.encode(pattern.values(), n), n);
        int m = (n + 2) / 3;
        int[] samples = new int[m];
        int[] position = new int[n];
        Arrays.fill(position, -1);
        for (int i = 0; i < m; i++) {
            samples[i] = 3 * (m - 1 - i);
            position[samples[i]] = i;
        }
        byte[] out = new byte[m + 5];
        Arrays.fill(out, (byte) 9);
        view.decodeSubset(samples, position, out, 5);
        for (int i = 0; i < m; i++) {
            assertThat(out[5 + i]).as("sample %d", samples[i]).isEqualTo(pattern.values()[samples[i]]);
        }
        assertThat(Arrays.copyOf(out, 5)).containsOnly(9);
    }

    /**
     * The packed words of every pattern (DENSE and SPARSE with each default) hold each sample's code where {@code
     * decodeDense} puts it, and zero past N; the stale contents of a reused buffer are overwritten.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void packedWordsHoldTheDenseDecodeCodeBySample(Pattern pattern) {
        int n = pattern.n();
        CallsView view = VIEW.reset(TwoBitVector.encode(pattern.values(), n), n);
        int words = (n + 31) / 32;
        long[] out = new long[words + 1];
        Arrays.fill(out, -1L);
        assertThat(view.packedWords(out)).isEqualTo(words);
        for (int i = 0; i < 32 * words; i++) {
            int code = (int) (out[i >>> 5] >>> ((i & 31) << 1)) & 3;
            assertThat(code).as("sample %d of %d", i, n).isEqualTo(i < n ? pattern.values()[i] : 0);
        }
        assertThat(out[words]).isEqualTo(-1L);
        if (words > 0) {
            assertThatThrownBy(() -> view.packedWords(new long[words - 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs " + words);
        }
    }

    @Test
    void nonDefaultIsNotNonRefWhenTheDefaultIsHomAlt() {
        // a common-ALT variant: 98 HOM_ALT, one HOM_REF at 10, one HET at 20 -> SPARSE, d = HOM_ALT
        byte[] v = new byte[100];
        Arrays.fill(v, (byte) GenotypeCode.HOM_ALT);
        v[10] = GenotypeCode.HOM_REF;
        v[20] = GenotypeCode.HET;
        CallsView view = new CallsView(TwoBitVector.encode(v, 100));
        assertThat(view.isSparse()).isTrue();
        assertThat(view.defaultCode()).isEqualTo(GenotypeCode.HOM_ALT);

        Collected nonDefault = new Collected(100);
        view.forEachNonDefault(nonDefault::add);
        assertThat(nonDefault.indices()).containsExactly(10, 20);
        assertThat(nonDefault.codes()).containsExactly(GenotypeCode.HOM_REF, GenotypeCode.HET);

        Collected nonRef = new Collected(100);
        view.forEachNonRef(nonRef::add);
        assertThat(nonRef.size).isEqualTo(99).isEqualTo(view.nonRefCount());
        assertThat(nonRef.indices()).doesNotContain(10).contains(0, 20, 99);
        // sample 10 is skipped, so sample 20 is the 20th entry (position 19)
        assertThat(nonRef.idx[19]).isEqualTo(20);
        assertThat(nonRef.codes[19]).isEqualTo((byte) GenotypeCode.HET);
    }

    @Test
    void rareVariantNonRefIsTheExceptionList() {
        // a singleton HET at sample 77,777 of 100,000
        byte[] v = new byte[100_000];
        v[77_777] = GenotypeCode.HET;
        CallsView view = new CallsView(TwoBitVector.encode(v, v.length));
        assertThat(view.isSparse()).isTrue();
        assertThat(view.nonRefCount()).isEqualTo(1);
        int[] idx = new int[1];
        byte[] codes = new byte[1];
        assertThat(view.nonRefSamples(idx, codes)).isEqualTo(1);
        assertThat(idx).containsExactly(77_777);
        assertThat(codes).containsExactly(GenotypeCode.HET);
    }

    @Test
    void arraysShorterThanTheCountAreRejected() {
        byte[] v = {0, 1, 2, 3, 0, 1};
        CallsView view = new CallsView(TwoBitVector.encode(v, v.length));
        assertThatThrownBy(() -> view.nonRefSamples(new int[3], new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nonRefCount() = 4");
        assertThatThrownBy(() -> view.nonRefSamples(new int[4], new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> view.decodeDense(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("N=6");
    }

    @Test
    void emptyOrFailedViewRefusesToAnswer() {
        CallsView view = new CallsView();
        assertThatThrownBy(view::sampleCount).isInstanceOf(IllegalStateException.class);
        view.reset(TwoBitVector.encode(new byte[] {1, 0}, 2));
        assertThat(view.sampleCount()).isEqualTo(2);
        assertThatThrownBy(() -> view.reset(TwoBitVectorTest.bytes(0x10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(view::nonRefCount).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resetChecksTheExpectedSampleCount() {
        byte[] enc = TwoBitVector.encode(new byte[10], 10);
        assertThatThrownBy(() -> new CallsView().reset(enc, 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("N=10")
                .hasMessageContaining("expected 11");
        assertThat(new CallsView().reset(enc, 10).sampleCount()).isEqualTo(10);
    }
}
