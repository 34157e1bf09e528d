package dev.floorwatch.notifier.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.notifier.domain.Receiver;
import dev.floorwatch.notifier.domain.VendorReply;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

/**
 * E-mail through Quarkus Mailer (installation SMTP): {@code multipart/alternative}, text then
 * HTML. Every message about one alert key carries the same {@code References}/{@code In-Reply-To}
 * root, so mail clients thread an alert's firing, reminders and resolution together.
 */
@ApplicationScoped
public class MailSender {

    private final Mailer mailer;

    public MailSender(Mailer mailer) {
        this.mailer = mailer;
    }

    public VendorReply send(Receiver receiver, String subject, String text, String html, String threadKey) {
        Mail mail = Mail.withText(receiver.to().get(0), subject, text).setHtml(html);
        mail.setTo(receiver.to());
        mail.setCc(receiver.cc());
        String root = "<alert-" + hash(threadKey) + "@floorwatch>";
        mail.addHeader("In-Reply-To", root);
        mail.addHeader("References", root);
        try {
            mailer.send(mail);
            return new VendorReply(VendorReply.Outcome.DELIVERED, "250", "accepted by the SMTP server");
        } catch (Exception e) {
            // SMTP refusals of a recipient are permanent; connection trouble is worth a retry.
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            boolean permanent = message.contains(" 55") || message.contains("550") || message.contains("553");
            return permanent ? new VendorReply(VendorReply.Outcome.FAILED, "smtp", message) : VendorReply.unreachable(message);
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
