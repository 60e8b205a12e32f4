package org.musubi.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;

/** Expands the user's inputs (files, globs, directories; local or any Hadoop file system) into files. */
public final class InputPaths {
    private InputPaths() {}

    private static final String[] VCF_SUFFIXES = {".vcf", ".vcf.gz", ".vcf.bgz", ".bcf"};

    /**
     * @param inputs as given on the command line
     * @return files in a stable order: inputs in the order given; within a directory or glob, sorted by name
     */
    public static List<String> expand(List<String> inputs, Configuration conf) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String in : inputs) {
            Path p = new Path(in);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                throw new MusubiUserException("input " + in + " does not exist (no file matches it)");
            }
            Arrays.sort(
                    matches,
                    (a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
            for (FileStatus st : matches) {
                if (st.isDirectory()) {
                    List<String> inDir = new ArrayList<>();
                    for (FileStatus c : fs.listStatus(st.getPath())) {
                        String name = c.getPath().getName();
                        if (c.isFile() && isVcfName(name) && !name.startsWith(".")) {
                            inDir.add(c.getPath().toString());
                        }
                    }
                    if (inDir.isEmpty()) {
                        throw new MusubiUserException(
                                "input directory " + st.getPath() + " holds no .vcf, .vcf.gz, .vcf.bgz or .bcf file");
                    }
                    inDir.sort(null);
                    out.addAll(inDir);
                } else {
                    out.add(st.getPath().toString());
                }
            }
        }
        return new ArrayList<>(out);
    }

    static boolean isVcfName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String s : VCF_SUFFIXES) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }
}
