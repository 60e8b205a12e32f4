package org.musubi.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What prs writes with FigurePage, report reads back per heading, the SVG namespace dropped. */
class FigurePageTest {
    @Test
    void readsBackWhatItWrote() {
        String svg1 = "<svg xmlns=\"" + FigurePage.SVG_NS + "\" width=\"1\"><rect/></svg>\n";
        String svg2 = "<svg xmlns=\"" + FigurePage.SVG_NS + "\" width=\"2\"></svg>\n";
        String page = Html.head("t") + "<h2>" + FigurePage.heading("PGS<1>", "t2d") + "</h2>\n<p>note</p>"
                + FigurePage.figures(List.of(svg1, svg2)) + "<h2>" + FigurePage.heading("b", "c") + "</h2>\n"
                + Html.end();
        Map<String, List<String>> read = FigurePage.read(page);
        assertThat(read.keySet()).containsExactly("PGS&lt;1&gt; &mdash; t2d", "b &mdash; c");
        assertThat(read.get(FigurePage.heading("PGS<1>", "t2d")))
                .containsExactly("<svg width=\"1\"><rect/></svg>\n", "<svg width=\"2\"></svg>\n");
        assertThat(read.get(FigurePage.heading("b", "c"))).isEmpty();
        assertThat(FigurePage.figures(List.of("<svg/>\n"))).isEqualTo("<div class=\"plots\">\n<svg/>\n</div>\n");
    }
}
