package io.dime.reports;

import java.util.List;

/**
 * A self-contained HTML page: styles and its one script inline, no fonts, scripts or styles
 * fetched from anywhere, every text escaped. The script counts, once the page has loaded, the
 * charts that failed to load and the script errors, shows a warning if there are any, and
 * leaves both counts on {@code <body>} (data-broken-images, data-errors) for a browser test.
 */
final class HtmlPage {
    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 24px auto;
                   max-width: 1140px; padding: 0 16px; color: #222; line-height: 1.4; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h3 { font-size: 1.05em; margin: 0.8em 0 0.2em; }
            .columns { column-count: 2; column-gap: 32px; }
            .columns section { break-inside: avoid; }
            .columns h3:first-child { margin-top: 0; }
            @media (max-width: 900px) { .columns { column-count: 1; } }
            h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
            p.lead { color: #555; margin-top: 0; }
            table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
            th, td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; }
            th { background: #f3f3f3; text-align: left; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td small { color: #666; }
            figure { margin: 1.2em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { color: #555; font-size: 0.9em; }
            pre { background: #f7f7f7; border: 1px solid #e3e3e3; padding: 10px; overflow-x: auto; font-size: 0.85em; }
            #broken { display: none; background: #fdd; border: 1px solid #c00; padding: 8px; }
            """;

    private static final String CHECK_SCRIPT = """
            (function () {
              var errors = [];
              window.addEventListener('error', function (event) {
                var source = event.target && event.target.src;
                errors.push(String(event.message || source || 'error'));
              }, true);
              window.addEventListener('load', function () {
                var broken = 0;
                for (var i = 0; i < document.images.length; i++) {
                  var image = document.images[i];
                  if (!image.complete || image.naturalWidth === 0 || image.naturalHeight === 0) {
                    broken++;
                  }
                }
                document.body.setAttribute('data-broken-images', String(broken));
                document.body.setAttribute('data-errors', String(errors.length));
                document.body.setAttribute('data-error-messages', errors.join(' | '));
                if (broken > 0) {
                  var warning = document.getElementById('broken');
                  warning.textContent = broken + ' chart(s) failed to load: is the charts folder beside this page?';
                  warning.style.display = 'block';
                }
              });
            })();
            """;

    private final String title;
    private final StringBuilder body = new StringBuilder();

    HtmlPage(String title) {
        this.title = title;
    }

    HtmlPage lead(String text) {
        body.append("<p class=\"lead\">").append(escape(text)).append("</p>\n");
        return this;
    }

    HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /**
     * Titled tables in two columns where the window is wide enough, so that a long summary
     * leaves the charts near the top of the page.
     */
    HtmlPage beginColumns() {
        body.append("<div class=\"columns\">\n");
        return this;
    }

    HtmlPage column(String title, List<String> header, List<List<String>> rows) {
        body.append("<section>\n<h3>").append(escape(title)).append("</h3>\n");
        table(header, rows);
        body.append("</section>\n");
        return this;
    }

    HtmlPage endColumns() {
        body.append("</div>\n");
        return this;
    }

    HtmlPage heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /**
     * A table whose first column names the row. A cell of the form "number\ninterval" shows the
     * interval small, under the number.
     */
    HtmlPage table(List<String> header, List<List<String>> rows) {
        tableHead(header);
        for (List<String> row : rows) {
            body.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                if (i == 0) {
                    body.append("<th>").append(escape(row.get(i))).append("</th>");
                } else {
                    String[] parts = row.get(i).split("\n", 2);
                    body.append("<td class=\"number\">").append(escape(parts[0]));
                    if (parts.length > 1) {
                        body.append("<br><small>").append(escape(parts[1])).append("</small>");
                    }
                    body.append("</td>");
                }
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    private void tableHead(List<String> header) {
        body.append("<table>\n<thead><tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr></thead>\n<tbody>\n");
    }

    /** A table of text: every cell as written, none right-aligned as a number. */
    HtmlPage textTable(List<String> header, List<List<String>> rows) {
        tableHead(header);
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    /** A chart from charts/, as PNG, linked to its SVG. */
    HtmlPage figure(String chartName, String caption) {
        String png = "charts/" + chartName + ".png";
        String svg = "charts/" + chartName + ".svg";
        body.append("<figure id=\"").append(escape(chartName)).append("\">")
                .append("<a href=\"").append(escape(svg)).append("\"><img src=\"").append(escape(png)).append("\" width=\"")
                .append(Charts.WIDTH_PX).append("\" height=\"").append(Charts.HEIGHT_PX).append("\" alt=\"").append(escape(caption)).append("\"></a>")
                .append("<figcaption>").append(escape(caption)).append(" (<a href=\"").append(escape(svg)).append("\">SVG</a>)</figcaption></figure>\n");
        return this;
    }

    HtmlPage preformatted(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** Text folded away until the reader opens it. */
    HtmlPage folded(String summary, String text) {
        body.append("<details><summary>").append(escape(summary)).append("</summary><pre>").append(escape(text)).append("</pre></details>\n");
        return this;
    }

    String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<style>\n" + STYLE + "</style>\n"
                + "<script>\n" + CHECK_SCRIPT + "</script>\n"
                + "</head>\n<body>\n"
                + "<div id=\"broken\" role=\"alert\"></div>\n"
                + "<h1>" + escape(title) + "</h1>\n"
                + body
                + "<p class=\"lead\">Made by Dime from the files in this folder's parent.</p>\n"
                + "</body>\n</html>\n";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
