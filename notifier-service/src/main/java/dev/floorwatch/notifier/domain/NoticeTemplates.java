package dev.floorwatch.notifier.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

/**
 * The message templates in {@code src/main/resources/notify/} (markdown for the IM robots and the
 * mail's text part, HTML for the mail), one per language, rendered with a standalone Qute engine
 * so they are tested without the application. HTML output escapes every value.
 */
public final class NoticeTemplates {

    private final Map<Receiver.Language, Template> markdown = new EnumMap<>(Receiver.Language.class);
    private final Map<Receiver.Language, Template> html = new EnumMap<>(Receiver.Language.class);

    public NoticeTemplates() {
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).build();
        for (Receiver.Language language : Receiver.Language.values()) {
            String name = "notify/alert." + language.wireName();
            markdown.put(language, engine.parse(load(name + ".md"), Variant.forContentType(Variant.TEXT_PLAIN), name + ".md"));
            html.put(language, engine.parse(load(name + ".html"), Variant.forContentType(Variant.TEXT_HTML), name + ".html"));
        }
    }

    public String markdown(Notice notice, Receiver.Language language) {
        return tidy(markdown.get(language).data("title", notice.title()).data("colour", notice.colour())
                .data("lines", notice.lines()).data("more", notice.more()).render());
    }

    public String html(Notice notice, Receiver.Language language) {
        return html.get(language).data("title", notice.title()).data("colour", notice.colour())
                .data("lines", notice.lines()).data("more", notice.more()).render();
    }

    /** Sections leave blank lines behind; two in a row are one. */
    private static String tidy(String text) {
        return text.replaceAll("\n{3,}", "\n\n").strip();
    }

    private static String load(String resource) {
        try (InputStream in = NoticeTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
