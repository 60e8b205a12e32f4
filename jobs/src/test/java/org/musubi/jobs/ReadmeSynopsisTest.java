package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's job synopses (issue 18 item 5): a value in brackets ({@code [--min-overlap 0.75]}) is the option's
 * default, so that a reader who takes it for the default is right; other values are placeholders.
 */
class ReadmeSynopsisTest {
    private static final Pattern BRACKETED = Pattern.compile("\\[(--[a-z0-9-]+) ([0-9][0-9.,]*)\\]");

    @Test
    void bracketedNumbersInTheSynopsesAreTheDefaults() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        CommandLine musubi = new CommandLine(new Musubi());
        List<String> checked = new ArrayList<>();
        for (String synopsis : synopses(readme)) {
            String job = synopsis.split("\\s+")[1];
            CommandLine cl = musubi.getSubcommands().get(job);
            if (cl == null) {
                continue; // not a job's synopsis (the layout's "bin/musubi  launcher: …")
            }
            Matcher m = BRACKETED.matcher(synopsis);
            while (m.find()) {
                OptionSpec o = cl.getCommandSpec().findOption(m.group(1));
                assertThat(o).as(job + " " + m.group(1)).isNotNull();
                String initial = String.valueOf(o.initialValue()).replaceAll("[\\[\\] ]", "");
                assertThat(Double.parseDouble(initial))
                        .as("README shows [%s %s] for %s, but its default is %s", m.group(1), m.group(2), job, initial)
                        .isEqualTo(Double.parseDouble(m.group(2)));
                checked.add(job + " " + m.group(1));
            }
        }
        assertThat(checked).contains("prs --min-overlap", "meta --palindrome-maf-max", "demo --samples");
    }

    /** Each fenced README block line starting with bin/musubi, joined with the lines that continue it. */
    static List<String> synopses(String readme) {
        List<String> out = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder current = null;
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                if (current != null) {
                    out.add(current.toString());
                    current = null;
                }
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (line.startsWith("bin/musubi ")) {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder(line);
            } else if (current != null && line.startsWith(" ")) {
                current.append(' ').append(line.strip());
            }
        }
        return out;
    }
}
