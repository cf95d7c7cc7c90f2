package io.autoscaler.decisionengine.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} (infra/stack test installs
 * them), with the flags that keep it off every network but loopback, and a fresh profile.
 */
final class Browser {
    static final Path CHROMIUM = Path.of(System.getProperty("autoscaler.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("autoscaler.chromedriver", "/usr/bin/chromedriver"));

    private Browser() {
    }

    static ChromeDriver start(int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("no " + CHROMIUM + " or " + DRIVER
                    + ": install Debian's chromium and chromium-driver (infra/stack test does)");
        }
        Path profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }
}
