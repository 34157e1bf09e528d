package dev.floorwatch.notifier.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.common.tenancy.IssuedCredentials;
import dev.floorwatch.common.tenancy.TenantRegistry;
import dev.floorwatch.notifier.store.ReceiverStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Receivers and routes of API.md "Notifications", on the real Redis. */
@QuarkusTest
class ReceiverResourceTest {

    private static final String RECEIVERS = """
            [{"id": "oncall-feishu", "type": "feishu", "webhookUrl": "https://open.feishu.cn/open-apis/bot/v2/hook/T0KEN",
              "secret": "feishu-secret"},
             {"id": "leads-mail", "type": "email", "to": ["lead@example.com"], "language": "en"}]""";

    @Inject
    TenantRegistry registry;

    @Inject
    ReceiverStore store;

    private IssuedCredentials tenant;

    @BeforeEach
    void newTenant() {
        tenant = registry.create("t-" + UUID.randomUUID().toString().substring(0, 12), "通知", "Asia/Shanghai", null)
                .await().indefinitely().orElseThrow();
    }

    private String path(String tail) {
        return "/v1/tenants/" + tenant.id() + tail;
    }

    @Test
    void receiversAreStoredWithTheirSecretsAndReadMasked() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(RECEIVERS).put(path("/receivers"))
                .then().statusCode(200)
                .body("receivers.id", contains("leads-mail", "oncall-feishu"))
                .body("receivers[1].webhookUrl", equalTo("https://open.feishu.cn/****"))
                .body("receivers[1].secret", equalTo("****"))
                .body(not(containsString("T0KEN")))
                .body(not(containsString("feishu-secret")));
        String read = given().auth().oauth2(tenant.adminToken()).get(path("/receivers")).then().statusCode(200)
                .body("receivers[0].to", contains("lead@example.com"))
                .body("receivers[0].language", equalTo("en"))
                .extract().asString();
        // Writing back what was read keeps the secrets.
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(read).put(path("/receivers"))
                .then().statusCode(200);
        var stored = store.receiver(tenant.id(), "oncall-feishu").orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals("https://open.feishu.cn/open-apis/bot/v2/hook/T0KEN", stored.webhookUrl());
        org.junit.jupiter.api.Assertions.assertEquals("feishu-secret", stored.secret());
    }

    @Test
    void onlyAdminsManageReceiversAndOtherTenantsCannot() {
        given().auth().oauth2(tenant.viewerToken()).get(path("/receivers")).then().statusCode(403);
        IssuedCredentials other = registry.create("t-" + UUID.randomUUID().toString().substring(0, 12), "别家", "Asia/Shanghai", null)
                .await().indefinitely().orElseThrow();
        given().auth().oauth2(other.adminToken()).contentType(ContentType.JSON).body(RECEIVERS).put(path("/receivers"))
                .then().statusCode(403);
        given().get(path("/receivers")).then().statusCode(401);
    }

    @Test
    void invalidReceiversAre422NamingIndexAndField() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("""
                [{"id": "x", "type": "feishu", "webhookUrl": "https://10.0.0.1/hook"},
                 {"id": "x", "type": "pager"}]""").put(path("/receivers"))
                .then().statusCode(422)
                .body("errors.field", containsInAnyOrder("webhookUrl", "type"))
                .body("errors.index", containsInAnyOrder(0, 1));
    }

    @Test
    void routesNameExistingReceiversAndKeepThemFromBeingDropped() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(RECEIVERS).put(path("/receivers"))
                .then().statusCode(200);
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("""
                {"routes": [{"match": {"severity": "critical"}, "receivers": ["oncall-feishu", "leads-mail"], "continue": true},
                            {"receivers": ["leads-mail"], "groupWait": "30s"}]}""").put(path("/routes"))
                .then().statusCode(200)
                .body("routes[0].groupWait", equalTo("1s"))
                .body("routes[0].sendResolved", equalTo(true))
                .body("routes[1].groupWait", equalTo("30s"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("[{\"receivers\": [\"nobody\"]}]")
                .put(path("/routes")).then().statusCode(422).body("errors[0].field", equalTo("receivers[0]"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("[{\"id\": \"leads-mail\", \"type\": \"email\", \"to\": [\"lead@example.com\"]}]")
                .put(path("/receivers")).then().statusCode(422)
                .body("errors[0].message", containsString("oncall-feishu"));
        given().auth().oauth2(tenant.adminToken()).get(path("/routes")).then().statusCode(200)
                .body("routes.size()", equalTo(2));
    }
}
