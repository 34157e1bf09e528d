package dev.floorwatch.notifier.service;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.notifier.config.NotifierConfig;
import dev.floorwatch.notifier.domain.InAppNotification;
import dev.floorwatch.notifier.domain.Notice;
import dev.floorwatch.notifier.domain.NoticeTemplates;
import dev.floorwatch.notifier.domain.NoticeWriter;
import dev.floorwatch.notifier.domain.Receiver;
import dev.floorwatch.notifier.domain.VendorPayloads;
import dev.floorwatch.notifier.domain.VendorReply;
import dev.floorwatch.notifier.messaging.MailSender;
import dev.floorwatch.notifier.messaging.WebhookSender;
import dev.floorwatch.notifier.store.InAppStore;

/**
 * Writes alerts as one message in the receiver's language and form (card, markdown, mail,
 * in-app) and sends it, answering the vendor's verdict. Used by the delivery worker and by the
 * receiver test button, so a test message travels exactly the way an alert does.
 */
@ApplicationScoped
public class NoticeSender {

    private final WebhookSender webhooks;
    private final MailSender mail;
    private final InAppStore inApp;
    private final TenantAccess tenants;
    private final NotifierConfig config;
    private final NoticeTemplates templates = new NoticeTemplates();

    public NoticeSender(WebhookSender webhooks, MailSender mail, InAppStore inApp, TenantAccess tenants, NotifierConfig config) {
        this.webhooks = webhooks;
        this.mail = mail;
        this.inApp = inApp;
        this.tenants = tenants;
        this.config = config;
    }

    public VendorReply send(String tenant, Receiver receiver, List<AlertEvent> alerts, long now) {
        Notice notice = NoticeWriter.compose(tenant, alerts, receiver.language(), ZoneId.of(tenants.timezone(tenant)),
                config.wallboardUrl());
        return switch (receiver.type()) {
            case FEISHU -> webhooks.send(receiver, VendorPayloads.feishu(notice, receiver, templates), now);
            case DINGTALK -> webhooks.send(receiver, VendorPayloads.dingTalk(notice, receiver, templates), now);
            case WECOM -> webhooks.send(receiver, VendorPayloads.weCom(notice, receiver, templates), now);
            case EMAIL -> mail.send(receiver, notice.title(), templates.markdown(notice, receiver.language()),
                    templates.html(notice, receiver.language()), alerts.get(0).key());
            case INAPP -> {
                inApp.add(tenant, new InAppNotification(receiver.id(), Instant.ofEpochMilli(now), notice.title(),
                        notice.tone().name().toLowerCase(), templates.markdown(notice, receiver.language()),
                        alerts.stream().map(AlertEvent::key).toList()));
                yield new VendorReply(VendorReply.Outcome.DELIVERED, "0", "");
            }
        };
    }
}
