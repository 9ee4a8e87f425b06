package dev.janus.app.replay;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** The replay report as a page people read: totals, then each request with its changes highlighted. */
public final class ReplayReportPage {

    private ReplayReportPage() {
    }

    public static String render(ReplayReport report) {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Janus replay report</title><style>
                body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2330; }
                table { border-collapse: collapse; } td, th { padding: .2rem .6rem; text-align: left; }
                section { border: 1px solid #dde1ea; border-radius: .5rem; padding: .5rem 1rem; margin: 1rem 0; }
                section.changed { border-color: #d9822b; } .aspect { color: #6b7385; width: 7rem; vertical-align: top; }
                del { background: #fde2e1; } ins { background: #dcf5dc; text-decoration: none; }
                .badge { font-size: .8rem; padding: .1rem .4rem; border-radius: .3rem; background: #fff0db; }
                </style></head><body><h1>Janus replay report</h1>
                """);
        ReplayReport.Totals totals = report.totals();
        html.append("<table><tr><th>requests</th><td>").append(totals.requests())
                .append("</td></tr><tr><th>changed</th><td>").append(totals.changed())
                .append("</td></tr><tr><th>replies changed</th><td>").append(totals.replies())
                .append("</td></tr><tr><th>intents changed</th><td>").append(totals.intents())
                .append("</td></tr><tr><th>tool calls changed</th><td>").append(totals.tools())
                .append("</td></tr><tr><th>facts changed</th><td>").append(totals.facts())
                .append("</td></tr><tr><th>not replayed</th><td>").append(totals.missing())
                .append("</td></tr></table>\n");
        for (ReplayReport.RequestDiff request : report.requests()) {
            html.append("<section class=\"").append(request.changes().isEmpty() ? "same" : "changed")
                    .append("\" id=\"").append(escape(request.correlationId())).append("\"><h2>")
                    .append(escape(request.message())).append("</h2><p>")
                    .append(escape(request.correlationId())).append(" · stream ").append(escape(request.streamId()));
            request.changes().forEach(change -> html.append(" <span class=\"badge\">").append(escape(change))
                    .append("</span>"));
            html.append("</p><table><tr><td class=\"aspect\">reply</td><td>");
            for (WordDiff.Span span : request.reply()) {
                String text = escape(span.text());
                html.append(switch (span.op()) {
                    case "-" -> "<del>" + text + "</del> ";
                    case "+" -> "<ins>" + text + "</ins> ";
                    default -> text + " ";
                });
            }
            html.append("</td></tr>");
            row(html, "intent", request.intent().recorded(), request.intent().replayed());
            row(html, "tools", join(request.tools().recorded()), join(request.tools().replayed()));
            row(html, "facts", join(request.facts().recorded()), join(request.facts().replayed()));
            row(html, "latency", ms(request.latencyMs().recorded()), ms(request.latencyMs().replayed()));
            html.append("</table></section>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder html, String aspect, @Nullable String recorded, @Nullable String replayed) {
        html.append("<tr><td class=\"aspect\">").append(aspect).append("</td><td>");
        if (Objects.equals(recorded, replayed)) {
            html.append(escape(recorded));
        }
        else {
            html.append("<del>").append(escape(recorded)).append("</del> <ins>").append(escape(replayed))
                    .append("</ins>");
        }
        html.append("</td></tr>");
    }

    private static String join(@Nullable List<String> values) {
        return values == null || values.isEmpty() ? "none" : String.join("; ", values);
    }

    private static @Nullable String ms(@Nullable Long value) {
        return value == null ? null : value + " ms";
    }

    static String escape(@Nullable String text) {
        if (text == null) {
            return "—";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
