package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ops console in a real browser (Debian's headless Chromium through its chromedriver) against the local stack:
 * sign in, find a completed checkout whose buyer and address are hostile strings, read its timeline and money, refund
 * one line and see the refund in the timeline and as an {@code order_update} delivery; dry-run a rebuild of the
 * webhook projection (no differences), discard it, corrupt one {@code order_view} row, dry-run again (one changed, at
 * {@code /status}) and switch the rebuild in; dry-run a rebuild of checkout-api's {@code session_view} through
 * order-service (one corrupted row: one changed) and discard it; replay the webhook projection to 100 %, read the
 * activity record; an auditor sees no refund and no rebuild buttons and is refused a refund and a rebuild; a change
 * without the page's CSRF token is refused. Screenshots of each page go to {@code deploy/target/console-screenshots/}. Where Chromium is
 * missing it installs Debian's packages (as root, with apt-get); where it cannot, it fails saying how to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class OpsConsoleBrowserE2E {

    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_ADDRESS = "<script>alert(2)</script> & \"quotes\"";

    static LocalStack stack;
    static WebDriver browser;
    static WebDriverWait wait;
    static String console;
    static String sessionId;
    static String orderId;
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final Path DOWNLOADS = Path.of("target", "console-downloads").toAbsolutePath();
    static final String HOSTILE_JURISDICTION = "<img src=x onerror=window.__hostile=1>";

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Path.of(System.getProperty("acp.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("acp.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            installChromium();
        }
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            throw new IllegalStateException("The console's browser tests need Chromium and its chromedriver at " + chromium
                    + " and " + driver + ", and installing Debian's packages failed (see above): run"
                    + " 'apt-get install chromium chromium-driver' as root, or set -Dacp.chromium and -Dacp.chromedriver");
        }
        stack = SharedStack.stack();
        console = "http://127.0.0.1:" + stack.port("order-service");

        AcpClient agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        String body = """
                {"currency": "usd", "line_items": [{"id": "tee-red-m", "quantity": 2}, {"id": "ebook-trail-guide", "quantity": 1}],
                 "capabilities": {"interventions": {"supported": ["3ds"]}},
                 "buyer": {"email": "hostile@example.com", "first_name": %s, "last_name": "O'Brien</td>"},
                 "fulfillment_details": {"name": %s, "address": {"name": %s, "line_one": "1 Market St",
                   "city": "San Francisco", "state": "CA", "country": "US", "postal_code": "94105"}}}"""
                .formatted(json(HOSTILE_NAME), json(HOSTILE_ADDRESS), json(HOSTILE_ADDRESS));
        AcpClient.Response created = agent.post("/checkout_sessions", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        sessionId = created.body().get("id").asText();
        AcpClient.Response completed = agent.post("/checkout_sessions/" + sessionId + "/complete",
                completeBody("spt_test_success"));
        assertThat(completed.body().path("status").asText()).as(completed.body().toString()).isEqualTo("completed");
        orderId = completed.body().at("/order/id").asText();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000");
        Files.createDirectories(DOWNLOADS);
        Files.deleteIfExists(DOWNLOADS.resolve("what-if.csv"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
                "download.prompt_for_download", false));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(),
                options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void anOperatorSignsInAndFindsTheCheckout() throws Exception {
        browser.get(console + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        shot("01-sign-in");
        signIn(LocalStack.OPS_OPERATOR_TOKEN);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-find")));
        assertThat(text("who-role")).isEqualTo("operator");
        assertThat(text("who-actor")).isEqualTo("ops:local-operator");

        // by the buyer's e-mail (asked of checkout-api, sent in a POST body), then by the checkout session id
        find("hostile@example.com");
        assertThat(text("find-results")).contains(sessionId, orderId, "confirmed");
        shot("02-find-by-email");
        assertThat(browser.getCurrentUrl()).doesNotContain("hostile");
        find(sessionId);
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.linkText(orderId)));
        link.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "payment.PaymentCaptured"));
        // and by the Stripe PaymentIntent the order page shows (asked of payment-service)
        String paymentIntent = wait.until(d -> {
            String shown = browser.findElement(By.cssSelector("#money dd:last-of-type")).getText();
            return shown.startsWith("pi_") ? shown : null;
        });
        browser.findElement(By.id("nav-find")).click();
        find(paymentIntent);
        assertThat(text("find-results")).contains(sessionId, orderId);
        find("nobody@example.com");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Nothing found."));
        browser.get(console + "/console/index.html#/order/" + orderId);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "payment.PaymentCaptured"));
    }

    private static void find(String query) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("find-q")));
        field.clear();
        field.sendKeys(query);
        ((JavascriptExecutor) browser).executeScript("document.querySelector('#find-results tbody').replaceChildren()");
        browser.findElement(By.id("find-submit")).click();
        wait.until(d -> !browser.findElements(By.cssSelector("#find-results tbody tr")).isEmpty()
                || text("notice").contains("Nothing found") || text("notice").contains("Could not"));
        assertThat(text("notice")).doesNotContain("Could not");
    }

    @Test
    @Order(2)
    void theTimelineShowsEveryServiceAndHostileStringsStayText() throws Exception {
        String timeline = text("timeline");
        assertThat(timeline).contains("checkout", "pricing", "payment", "orders", "CheckoutSessionCreated",
                "pricing.StockReserved", "payment.PaymentAuthorized", "OrderPlaced", "agent:local-agent");
        assertThat(text("timeline-sources")).contains("checkout: ok", "pricing: ok", "payment: ok", "orders: ok");
        assertThat(text("money")).contains("Captured", "58.59 USD", "Remaining refundable");
        // the hostile strings are in the payloads, shown as text: no element, no script ran
        for (WebElement details : browser.findElements(By.cssSelector("#timeline details"))) {
            ((JavascriptExecutor) browser).executeScript("arguments[0].open = true", details);
        }
        assertThat(text("timeline")).contains(HOSTILE_NAME, "<script>alert(2)</script>");
        assertThat(browser.findElements(By.cssSelector("main img, main script"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return document.scripts.length")).isEqualTo(1L);
        assertThat(text("webhooks")).contains("order_create", "delivered");
        shot("03-timeline");
    }

    @Test
    @Order(3)
    void anOperatorRefundsOneLineAndSeesItInTheTimelineAndTheWebhooks() throws Exception {
        int webhooksBefore = browser.findElements(By.cssSelector("#webhooks tbody tr")).size();
        WebElement firstLine = browser.findElement(By.cssSelector("#refund-lines input[data-line]"));
        firstLine.clear();
        firstLine.sendKeys("1");
        browser.findElement(By.id("refund-review")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("refund-confirm")));
        // tee-red-m: 19.99 and its share of California's tax, 1.45, as the order computes it
        assertThat(text("refund-summary")).contains("the buyer gets back 21.44 USD",
                "Remaining refundable: 58.59 USD now, 37.15 USD after it");
        shot("04-refund-confirm");
        browser.findElement(By.id("refund-confirm-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "payment.PaymentRefunded"));
        wait.until(d -> text("timeline").contains("RefundCompleted"));
        assertThat(text("timeline")).contains("order.RefundRequested", "ops:local-operator");
        assertThat(browser.findElement(By.cssSelector("[data-money='Refunded']")).getText()).isNotEqualTo("0.00 USD");
        wait.until(d -> {
            browser.navigate().refresh();
            try {
                new WebDriverWait(browser, Duration.ofSeconds(5)).until(
                        ExpectedConditions.textToBePresentInElementLocated(By.id("webhooks"), "order_create"));
            } catch (org.openqa.selenium.TimeoutException e) {
                return false;
            }
            return browser.findElements(By.cssSelector("#webhooks tbody tr")).size() > webhooksBefore;
        });
        List<WebElement> rows = browser.findElements(By.cssSelector("#webhooks tbody tr"));
        assertThat(rows.get(rows.size() - 1).getText()).contains("order_update");
        shot("05-refunded");
    }

    @Test
    @Order(4)
    void anOperatorDryRunsARebuildOfTheWebhookProjectionFindsNoDifferenceAndDiscardsIt() throws Exception {
        openReplays();
        WebElement start = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-rebuild-start='order-webhooks']")));
        assertThat(rebuildPanel().getAttribute("data-phase")).isEqualTo("none");
        start.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(REBUILD + "[data-phase='ready'] [data-rebuild-comparison]")));
        assertThat(rebuildFigure("total")).as(rebuildPanel().getText()).isZero();
        assertThat(rebuildCount("changed")).isZero();
        assertThat(rebuildCount("only_in_live")).isZero();
        assertThat(rebuildCount("only_in_rebuild")).isZero();
        assertThat(rebuildCount("rows_rebuilt")).isGreaterThanOrEqualTo(1);
        assertThat(rebuildCount("rows_live")).isEqualTo(rebuildCount("rows_rebuilt"));
        assertThat(rebuildPanel().getText()).contains("No differences", "order_view");
        assertThat(browser.findElements(By.cssSelector(REBUILD + " [data-rebuild-samples]"))).isEmpty();
        shot("06-rebuild-no-differences");
        browser.findElement(By.cssSelector("[data-rebuild-discard='order-webhooks']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(REBUILD + "[data-phase='discarded']")));
        assertThat(rebuildPanel().getText()).contains("Discarded", "untouched");
        assertThat(browser.findElements(By.cssSelector("[data-rebuild-switch='order-webhooks']"))).isEmpty();
        shot("07-rebuild-discarded");
    }

    @Test
    @Order(5)
    void aCorruptedRowShowsAsOneDifferenceAndSwitchingTheRebuildInRepairsIt() throws Exception {
        JdbcTemplate orders = stack.context("order-service").getBean(JdbcTemplate.class);
        String status = orders.queryForObject("select status from order_view where order_id = ?", String.class, orderId);
        assertThat(orders.update("update order_view set status = 'corrupted', document = jsonb_set(document::jsonb,"
                + " '{status}', '\"corrupted\"')::json where order_id = ?", orderId)).isEqualTo(1);

        browser.findElement(By.cssSelector("[data-rebuild-start='order-webhooks']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(REBUILD + "[data-phase='ready'] [data-rebuild-comparison]")));
        assertThat(rebuildFigure("total")).as(rebuildPanel().getText()).isEqualTo(1);
        assertThat(rebuildCount("changed")).isEqualTo(1);
        assertThat(rebuildCount("only_in_live")).isZero();
        assertThat(rebuildCount("only_in_rebuild")).isZero();
        WebElement sample = browser.findElement(By.cssSelector(REBUILD + " [data-rebuild-samples] tbody tr"));
        assertThat(sample.getAttribute("data-sample-key")).isEqualTo(orderId);
        assertThat(sample.getAttribute("data-sample-path")).isEqualTo("/status");
        assertThat(sample.getText()).contains(orderId, "changed", "/status", "\"corrupted\"", "\"" + status + "\"");
        shot("08-rebuild-one-changed");

        browser.findElement(By.cssSelector("[data-rebuild-switch='order-webhooks']")).click();
        WebElement confirm = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-rebuild-confirm='order-webhooks']")));
        assertThat(confirm.getText()).contains("live table order_view will be replaced", "Nothing is re-sent");
        // still live until confirmed
        assertThat(orders.queryForObject("select status from order_view where order_id = ?", String.class, orderId))
                .isEqualTo("corrupted");
        shot("09-rebuild-switch-confirm");
        browser.findElement(By.cssSelector("[data-rebuild-switch-confirm='order-webhooks']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(REBUILD + "[data-phase='switched']")));
        assertThat(rebuildPanel().getText()).contains("Switched in", "order_view_previous");
        assertThat(browser.findElements(By.cssSelector("[data-rebuild-confirm='order-webhooks']"))).isEmpty();
        assertThat(orders.queryForObject("select status from order_view where order_id = ?", String.class, orderId))
                .isEqualTo(status);
        shot("10-rebuild-switched");
        browser.findElement(By.id("nav-activity")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activity"), "/rebuild/switch"));
        assertThat(text("activity")).contains("POST /ops/projections/order-webhooks/rebuild",
                "DELETE /ops/projections/order-webhooks/rebuild");
    }

    @Test
    @Order(6)
    void anOperatorDryRunsARebuildOfCheckoutsSessionViewThroughTheConsole() throws Exception {
        openReplays();
        WebElement start = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-rebuild-start='checkout/session-view']")));
        assertThat(sessionViewPanel().getText()).contains("checkout-api's session view", "session_view");
        assertThat(sessionViewPanel().getAttribute("data-phase")).isEqualTo("none");
        JdbcTemplate checkout = stack.context("checkout-api").getBean(JdbcTemplate.class);
        String status = checkout.queryForObject("select status from session_view where session_id = ?", String.class,
                sessionId);
        assertThat(checkout.update("update session_view set status = 'corrupted' where session_id = ?", sessionId))
                .isEqualTo(1);
        try {
            start.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(SESSION_VIEW + "[data-phase='ready'] [data-rebuild-comparison]")));
            String panel = sessionViewPanel().getText();
            assertThat(panel).contains("1 row differs", "Session");
            assertThat(browser.findElement(By.cssSelector(SESSION_VIEW + " [data-rebuild-count='changed']")).getText())
                    .isEqualTo("1");
            WebElement sample = browser.findElement(By.cssSelector(SESSION_VIEW + " [data-rebuild-samples] tbody tr"));
            assertThat(sample.getAttribute("data-sample-key")).isEqualTo(sessionId);
            assertThat(sample.getAttribute("data-sample-kind")).isEqualTo("changed");
            assertThat(browser.findElement(By.cssSelector(SESSION_VIEW + " [data-rebuild-samples] th")).getText())
                    .isEqualTo("Session");
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", sessionViewPanel());
            shot("10b-session-view-rebuild-one-changed");
            browser.findElement(By.cssSelector("[data-rebuild-discard='checkout/session-view']")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(SESSION_VIEW + "[data-phase='discarded']")));
            assertThat(sessionViewPanel().getText()).contains("Discarded", "untouched");
            assertThat(checkout.queryForObject("select status from session_view where session_id = ?", String.class,
                    sessionId)).isEqualTo("corrupted");
        } finally {
            checkout.update("update session_view set status = ? where session_id = ?", status, sessionId);
        }
        // only configured services and well-formed projection names are forwarded
        assertThat(fetchStatus("GET", "/ops/services/nowhere/projections/session-view/rebuild")).isEqualTo(404L);
        assertThat(fetchStatus("GET", "/ops/services/checkout/projections/Session_View/rebuild")).isEqualTo(404L);
        browser.findElement(By.id("nav-activity")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activity"),
                "DELETE /ops/services/checkout/projections/session-view/rebuild"));
        assertThat(text("activity")).contains("POST /ops/services/checkout/projections/session-view/rebuild");
    }

    /** The status of a same-origin request the page sends with the session's CSRF token. */
    private static Object fetchStatus(String method, String path) {
        return ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/ops/me').then(r => r.json()).then(me => fetch(arguments[1], {method: arguments[0],
                  credentials: 'same-origin', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf},
                  body: arguments[0] === 'GET' ? undefined : JSON.stringify({dry_run: true})}))
                  .then(r => done(r.status));""", method, path);
    }

    @Test
    @Order(7)
    void anOperatorReplaysTheWebhookProjectionToTheEnd() throws Exception {
        openReplays();
        WebElement replay = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-replay='order-webhooks']")));
        replay.click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> text("projections").contains("finished"));
        assertThat(browser.findElement(By.cssSelector("[data-percent='order-webhooks']")).getText()).contains("100 %");
        shot("11-replayed");
        browser.findElement(By.id("nav-activity")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activity"), "/replay"));
        assertThat(text("activity")).contains("ops:local-operator", "console",
                "POST /ops/orders/" + orderId + "/refunds", "POST /ops/projections/order-webhooks/replay");
        shot("12-activity");
    }

    @Test
    @Order(8)
    void aChangeWithoutThePagesCsrfTokenIsRefused() {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/ops/orders/%s/refunds', {method: 'POST', credentials: 'same-origin',
                  headers: {'Content-Type': 'application/json', 'Idempotency-Key': 'csrf-probe'},
                  body: JSON.stringify({amount: 1})}).then(r => done(r.status));""".formatted(orderId));
        assertThat(status).isEqualTo(403L);
    }

    @Test
    @Order(9)
    void anAuditorReadsButCannotRefund() throws Exception {
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        signIn(LocalStack.OPS_AUDITOR_TOKEN);
        assertThat(text("who-role")).isEqualTo("auditor");
        browser.get(console + "/console/index.html#/order/" + orderId);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "payment.PaymentRefunded"));
        assertThat(browser.findElement(By.id("refund")).isDisplayed()).isFalse();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/ops/me').then(r => r.json()).then(me => fetch('/ops/orders/%s/refunds', {method: 'POST',
                  credentials: 'same-origin', headers: {'Content-Type': 'application/json',
                  'Idempotency-Key': 'auditor-probe', 'X-CSRF-Token': me.csrf}, body: JSON.stringify({amount: 1})}))
                  .then(r => done(r.status));""".formatted(orderId));
        assertThat(status).isEqualTo(403L);
        shot("13-auditor");
        browser.findElement(By.id("nav-activity")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activity"), "ops:local-auditor"));
        assertThat(text("activity")).contains("403");
    }

    @Test
    @Order(10)
    void anAuditorSeesTheRebuildButNoRebuildButtons() throws Exception {
        openReplays();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(REBUILD + "[data-phase='switched']")));
        assertThat(rebuildPanel().getText()).contains("Switched in");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(SESSION_VIEW + "[data-phase='discarded']")));
        // refused by the ops filter before the proxy asks checkout-api (whose credentials are an operator's)
        assertThat(fetchStatus("POST", "/ops/services/checkout/projections/session-view/rebuild")).isEqualTo(403L);
        assertThat(browser.findElements(By.cssSelector("[data-replay], [data-rebuild-start], [data-rebuild-switch],"
                + " [data-rebuild-discard], [data-rebuild-switch-confirm]")).stream().filter(WebElement::isDisplayed))
                .isEmpty();
        shot("14-auditor-replays");
    }

    @Test
    @Order(11)
    void thePagesAndTheApiAnswerWithAStrictPolicyAndTheCookieIsHttpOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console + "/console/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'").doesNotContain("unsafe");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("onclick").doesNotContain("style=");
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(console + "/console/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + LocalStack.OPS_AUDITOR_TOKEN + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(201);
        assertThat(signIn.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly", "SameSite=Strict");
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(console + "/console/session"))
                        .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + LocalStack.OPS_OPERATOR_TOKEN + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(console + "/console/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"nope\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    @Order(12)
    void anAuditorSimulatesANewCaliforniaRateOnPastCheckoutsAndDownloadsTheCsv() throws Exception {
        browser.get(console + "/console/index.html#/what-if");
        WebElement candidate = browser.findElement(By.id("what-if-candidate"));
        wait.until(d -> candidate.getDomProperty("value").contains("rate-ppm: 72500"));
        String today = candidate.getDomProperty("value");
        String changed = today.replace("rate-ppm: 72500\n    jurisdiction: California",
                "rate-ppm: 100000\n    jurisdiction: '" + HOSTILE_JURISDICTION + "'");
        assertThat(changed).isNotEqualTo(today);
        candidate.clear();
        candidate.sendKeys(changed);
        shot("16-what-if-candidate");
        browser.findElement(By.id("what-if-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("what-if-summary"),
                "would have been priced differently"));

        // the checkout of this class, as the agent was shown it: 10 % of each line's subtotal instead of 7.25 %
        JsonNode session = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN)
                .get("/checkout_sessions/" + sessionId).body();
        long recordedTax = 0;
        long candidateTax = 0;
        for (JsonNode line : session.path("line_items")) {
            for (JsonNode total : line.path("totals")) {
                if (total.path("type").asText().equals("subtotal")) {
                    candidateTax += new java.math.BigDecimal(total.path("amount").asLong())
                            .multiply(new java.math.BigDecimal("0.1"))
                            .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
                }
                if (total.path("type").asText().equals("tax")) {
                    recordedTax += total.path("amount").asLong();
                }
            }
        }
        assertThat(candidateTax).isGreaterThan(recordedTax);
        WebElement row = browser.findElements(By.cssSelector("#what-if-sessions tbody tr")).stream()
                .filter(r -> r.getText().contains(sessionId)).findFirst().orElseThrow();
        assertThat(row.getText()).contains("+" + usd(candidateTax - recordedTax));
        // a hostile jurisdiction name from the candidate is shown as text, nothing of it is run or built
        assertThat(text("what-if-taxes")).contains(HOSTILE_JURISDICTION);
        assertThat(browser.findElements(By.cssSelector("#what-if-taxes img, #what-if-result img"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__hostile === undefined")).isEqualTo(true);
        shot("17-what-if-result");

        browser.findElement(By.id("what-if-csv")).click();
        Path csv = DOWNLOADS.resolve("what-if.csv");
        wait.until(d -> Files.exists(csv) && csv.toFile().length() > 0);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).startsWith("row_type,session_id,status");
        assertThat(rows).anyMatch(r -> r.startsWith("session," + sessionId + ","))
                .anyMatch(r -> r.startsWith("total,"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "The CSV is downloaded"));
        browser.findElement(By.id("nav-activity")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activity"), "POST /ops/what-if"));
    }

    private static String usd(long minor) {
        return (minor / 100) + "." + String.format("%02d", minor % 100) + " USD";
    }

    /** Debian's chromium and chromium-driver, where apt-get can install them (as root); the output says what happened. */
    private static void installChromium() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            System.out.println("[console browser tests] Chromium is missing and there is no apt-get to install it");
            return;
        }
        for (List<String> step : List.of(
                List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"),
                List.of("apt-get", "update"),
                List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"))) {
            System.out.println("[console browser tests] Chromium is missing: " + String.join(" ", step));
            ProcessBuilder builder = new ProcessBuilder(step).inheritIO();
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            if (builder.start().waitFor() == 0 && step.contains("chromium")) {
                return;
            }
        }
    }

    private static void signIn(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        wait.until(d -> !text("who-role").isEmpty());
    }

    /** The Replays view, with what an earlier visit left in it cleared, so that waits see only the new rendering. */
    private static void openReplays() {
        ((JavascriptExecutor) browser).executeScript("document.getElementById('rebuilds').replaceChildren();"
                + " document.querySelector('#projections tbody').replaceChildren()");
        browser.findElement(By.id("nav-replays")).click();
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The Replays view's rebuild panel of the webhook projection. */
    static final String REBUILD = "[data-rebuild='order-webhooks']";

    /** The rebuild panel of checkout-api's session view, driven through order-service. */
    static final String SESSION_VIEW = "[data-rebuild='checkout/session-view']";

    private static WebElement sessionViewPanel() {
        return browser.findElement(By.cssSelector(SESSION_VIEW));
    }

    private static WebElement rebuildPanel() {
        return browser.findElement(By.cssSelector(REBUILD));
    }

    /** A figure of the rebuild's comparison: {@code changed}, {@code only_in_live}, {@code rows_rebuilt}, … */
    private static long rebuildCount(String name) {
        return Long.parseLong(browser.findElement(By.cssSelector(REBUILD + " [data-rebuild-count='" + name + "']"))
                .getText().trim());
    }

    private static long rebuildFigure(String attribute) {
        return Long.parseLong(browser.findElement(By.cssSelector(REBUILD + " [data-rebuild-" + attribute + "]"))
                .getAttribute("data-rebuild-" + attribute));
    }

    private static void shot(String name) throws Exception {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
