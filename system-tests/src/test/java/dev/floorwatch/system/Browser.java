package dev.floorwatch.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver (installed by the project's scripts:
 * deploy/local/browser.sh). Never a downloaded browser: this machine's network is closed.
 */
final class Browser {

    static final String CHROMIUM = System.getenv().getOrDefault("FLOORWATCH_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("FLOORWATCH_CHROMEDRIVER", "/usr/bin/chromedriver");

    private Browser() {
    }

    /** A new browser with an empty profile and a 1920×1080 window, like the floor's TV. */
    static ChromeDriver open() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed: run deploy/local/browser.sh (./floorwatch test does)");
        }
        Path profile = Files.createTempDirectory("fw-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1920,1080", "--force-device-scale-factor=1", "--lang=zh-CN",
                "--user-data-dir=" + profile);
        // The page's console, kept for each test's post-mortem (WallboardIT writes it next to the screenshot).
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        // --window-size sizes the window, not the page: grow it by the browser's own bars.
        driver.get("about:blank");
        @SuppressWarnings("unchecked")
        List<Long> bars = (List<Long>) driver.executeScript(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
        driver.manage().window().setSize(new Dimension(1920 + bars.get(0).intValue(), 1080 + bars.get(1).intValue()));
        return driver;
    }
}
