package org.musubi.report;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The rows with the smallest P of a tab-separated results file with a header (GWAS-SSF {@code .tsv.gz}, METAL
 * {@code meta.tbl}; gzip, bgzip or plain), in one streamed pass that keeps only those rows. Cells are kept as the
 * file writes them, so the page shows the file's values.
 */
final class TopRows {
    private TopRows() {}

    /** The header and the rows, smallest P first; null when the file has no such P column. */
    record Top(List<String> header, List<String[]> rows) {
        String cell(String[] row, String column) {
            int i = header.indexOf(column);
            return i < 0 || i >= row.length ? "" : row[i];
        }
    }

    /**
     * @param pColumns P column names tried in order; a name starting with {@code -log10:} is a −log10 P column
     */
    static Top read(Path file, Configuration conf, int limit, String... pColumns) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        InputStream raw = new BufferedInputStream(fs.open(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream data = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16)) {
            String line = r.readLine();
            while (line != null && line.startsWith("##")) {
                line = r.readLine();
            }
            if (line == null) {
                return null;
            }
            List<String> header = Arrays.asList(line.split("\t", -1));
            int p = -1;
            boolean negLog10 = false;
            for (String c : pColumns) {
                boolean neg = c.startsWith("-log10:");
                String name = neg ? c.substring("-log10:".length()) : c;
                for (int i = 0; i < header.size(); i++) {
                    if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                        p = i;
                        negLog10 = neg;
                        break;
                    }
                }
                if (p >= 0) {
                    break;
                }
            }
            if (p < 0) {
                return null;
            }
            // max-heap on ln P (largest out first), so the heap holds the `limit` smallest
            PriorityQueue<Object[]> heap = new PriorityQueue<>(
                    Comparator.comparingDouble((Object[] o) -> (Double) o[0]).reversed());
            while ((line = r.readLine()) != null) {
                String cell = field(line, p);
                if (cell == null) {
                    continue;
                }
                double lnP = lnP(cell, negLog10);
                if (Double.isNaN(lnP) || (heap.size() == limit && !(lnP < (Double) heap.peek()[0]))) {
                    continue;
                }
                if (heap.size() == limit) {
                    heap.poll();
                }
                // only the rows kept are split into cells
                heap.add(new Object[] {lnP, line.split("\t", -1)});
            }
            List<Object[]> sorted = new ArrayList<>(heap);
            sorted.sort(Comparator.comparingDouble(o -> (Double) o[0]));
            List<String[]> rows = new ArrayList<>();
            for (Object[] o : sorted) {
                rows.add((String[]) o[1]);
            }
            return new Top(header, rows);
        }
    }

    /** The i-th tab-separated field of a line, or null when it has fewer fields. */
    static String field(String line, int i) {
        int start = 0;
        for (int k = 0; k < i; k++) {
            start = line.indexOf('\t', start) + 1;
            if (start == 0) {
                return null;
            }
        }
        int end = line.indexOf('\t', start);
        return end < 0 ? line.substring(start) : line.substring(start, end);
    }

    /** ln P of a cell; NaN when missing ({@code #NA}, {@code NA}, empty) or not a number. */
    static double lnP(String cell, boolean negLog10) {
        String s = cell.strip();
        if (s.isEmpty() || s.equals("#NA") || s.equals("NA") || s.equals(".")) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s);
            if (negLog10) {
                return -v * Math.log(10);
            }
            // P = 0 (underflow) sorts first
            return v <= 0 ? Double.NEGATIVE_INFINITY : Math.log(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
