package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * predict.jar --serve's page in a real browser: Debian's Chromium, headless, driven through its
 * own chromedriver (both paths given, so that Selenium downloads nothing). Uploads sample images,
 * waits for their classes and saves a screenshot as target/serve-page.png.
 */
class BrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SAMPLES = Path.of("samples").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void aPersonUploadsAPulloverAndSeesPullover() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (scripts/setup.sh --tests installs them)");
        JarRunner.Run train = JarRunner.run("train.jar", work, "--epochs", "1", "--verbose", "0", "--model-dir", "model");
        assertEquals(0, train.exitCode(), train.err());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1100,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try (ServerProcess server = ServerProcess.start(work, "--model", "model")) {
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(server.base + "/");
                assertEquals("Fashion-MNIST classifier", browser.getTitle());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.until(b -> b.findElement(By.id("status")).getText().contains("version 1"));

                WebElement pick = browser.findElement(By.id("pick"));
                pick.sendKeys(SAMPLES.resolve("pullover.png").toString());
                WebElement card = wait.until(b -> b.findElements(By.cssSelector(".card[data-predicted]")).stream()
                        .findFirst().orElse(null));
                assertEquals("Pullover", card.findElement(By.className("class")).getText());
                List<WebElement> bars = card.findElements(By.className("bar"));
                assertEquals(3, bars.size(), "the top three classes as bars");
                assertTrue(bars.get(0).getText().startsWith("Pullover"), bars.get(0).getText());
                double first = percent(bars.get(0));
                assertTrue(first > 50 && first >= percent(bars.get(1)) && percent(bars.get(1)) >= percent(bars.get(2)),
                        first + " " + percent(bars.get(1)) + " " + percent(bars.get(2)));

                // More photos for the screenshot, one of them not an image.
                Path notImage = Files.writeString(work.resolve("notes.png"), "not an image");
                for (Path p : List.of(SAMPLES.resolve("pullover_colour.jpg"), SAMPLES.resolve("trouser.gif"),
                        SAMPLES.resolve("sneaker_light_background.png"), notImage)) {
                    browser.findElement(By.id("pick")).sendKeys(p.toString());
                }
                wait.until(b -> b.findElements(By.cssSelector(".card[data-predicted]")).size() == 4
                        && b.findElements(By.cssSelector(".card .error")).size() == 1);
                assertTrue(browser.findElement(By.cssSelector(".card .error")).getText().contains("is not an image"));
                byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
                Files.write(JarRunner.TARGET.resolve("serve-page.png"), png);
                assertTrue(png.length > 1000);
            } finally {
                browser.quit();
            }
        }
    }

    private static double percent(WebElement bar) {
        return Double.parseDouble(bar.findElement(By.className("pct")).getText().replace("%", ""));
    }
}
