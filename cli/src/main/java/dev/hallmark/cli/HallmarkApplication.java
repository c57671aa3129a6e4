package dev.hallmark.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point of {@code hallmark}. No arguments: an interactive shell (tab completion, {@code help}). With
 * arguments: runs that one command and exits with its {@link ExitCode}. {@code --debug} anywhere shows stack traces.
 */
@SpringBootApplication
public class HallmarkApplication {

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean debug = rest.remove("--debug");
        SpringApplication app = new SpringApplication(HallmarkApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        if (!rest.isEmpty()) {
            app.setDefaultProperties(java.util.Map.of("spring.shell.interactive.enabled", "false"));
        }
        int code;
        try {
            System.setProperty("hallmark.debug", Boolean.toString(debug));
            ConfigurableApplicationContext ctx = app.run(rest.toArray(String[]::new));
            code = SpringApplication.exit(ctx);
        } catch (Throwable t) {
            System.err.println("hallmark: internal error while starting: " + rootMessage(t));
            if (debug) {
                t.printStackTrace();
            }
            code = ExitCode.INTERNAL.code();
        }
        System.exit(code);
    }

    /** The innermost cause's class and message, for one-line error reports. */
    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
