package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.Output;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs {@code hallmark <command> [options] [arguments]} once and records its exit code; with no arguments hands
 * over to the interactive shell. Arguments are taken as the OS gave them (a prompt with spaces stays one value),
 * options are checked against the command's declared ones (unknown option: usage error, exit 2).
 */
@Component("springShellApplicationRunner")
public class OneShotRunner implements ApplicationRunner, ExitCodeGenerator {
    private final CommandRegistry registry;
    private final ObjectProvider<ShellRunner> interactive;
    private final ErrorMapper errors;
    private final Output output;
    private int exitCode;

    public OneShotRunner(CommandRegistry registry, ObjectProvider<ShellRunner> interactive, ErrorMapper errors,
            Output output) {
        this.registry = registry;
        this.interactive = interactive;
        this.errors = errors;
        this.output = output;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        installErrorMapper();
        String[] args = arguments.getSourceArgs();
        if (args.length == 0) {
            ShellRunner shell = interactive.getIfAvailable();
            if (shell == null) {
                output.note("hallmark: no interactive terminal available; give a command, e.g. `hallmark help`");
                exitCode = ExitCode.USAGE.code();
                return;
            }
            shell.run(args);
            return;
        }
        exitCode = runOnce(List.of(args)).code();
    }

    /** Makes every command report failures through {@link ErrorMapper} (interactive mode too). */
    private void installErrorMapper() {
        for (Command c : registry.getCommands()) {
            if (c instanceof AbstractCommand a && a.getExitStatusExceptionMapper() == null) {
                a.setExitStatusExceptionMapper(errors);
            }
        }
    }

    ExitCode runOnce(List<String> args) {
        output.reset();
        if (args.get(0).equals("--help") || args.get(0).equals("-h")) {
            args = List.of("help");
        }
        Command command = null;
        int used = 0;
        // longest command name made of the leading words: "watermark detect" before "watermark"
        for (int n = args.size(); n >= 1 && command == null; n--) {
            if (args.get(n - 1).startsWith("-")) {
                continue;
            }
            Command c = registry.getCommandByName(String.join(" ", args.subList(0, n)));
            if (c != null) {
                command = c;
                used = n;
            }
        }
        if (command == null) {
            return unknownCommand(args);
        }
        ParsedInput input;
        try {
            input = parse(command, args.subList(0, used), args.subList(used, args.size()));
        } catch (CliException e) {
            output.note("hallmark %s: %s (see `hallmark %s --help`)", command.getName(), e.getMessage(),
                    command.getName());
            return e.exitCode();
        }
        PrintWriter writer = new PrintWriter(output.out(), true, StandardCharsets.UTF_8);
        CommandContext context = new CommandContext(input, registry, writer, new InputReader() {
        });
        ExitStatus status;
        try {
            status = command.execute(context);
        } catch (Exception e) {
            status = errors.apply(e);
        }
        writer.flush();
        if (status.code() != ExitStatus.OK.code()) {
            ExitCode code = fromStatus(status);
            output.note("hallmark %s: %s", command.getName(), status.description());
            return code;
        }
        return output.outcome();
    }

    private static ExitCode fromStatus(ExitStatus status) {
        for (ExitCode c : ExitCode.values()) {
            if (c.code() == status.code()) {
                return c;
            }
        }
        // Spring Shell's own negative codes: usage and availability errors
        return status.code() == ExitStatus.USAGE_ERROR.code() ? ExitCode.USAGE : ExitCode.INTERNAL;
    }

    private ParsedInput parse(Command command, List<String> name, List<String> rest) {
        ParsedInput.Builder b = ParsedInput.builder().commandName(name.get(0));
        name.subList(1, name.size()).forEach(b::addSubCommand);
        List<CommandOption> declared = command.getOptions();
        int argIndex = 0;
        boolean onlyArguments = false;
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            if (onlyArguments || !word.startsWith("-") || word.equals("-") || isNegativeNumber(word)) {
                b.addArgument(new CommandArgument(argIndex++, word));
                continue;
            }
            if (word.equals("--")) {
                onlyArguments = true;
                continue;
            }
            if (word.equals("--help") || word.equals("-h")) {
                return ParsedInput.builder().commandName(name.get(0))
                        .addOption(CommandOption.with().shortName('h').longName("help").value("true").build())
                        .build();
            }
            String key = word;
            String value = null;
            int eq = word.indexOf('=');
            if (eq > 0) {
                key = word.substring(0, eq);
                value = word.substring(eq + 1);
            }
            String finalKey = key;
            CommandOption decl = declared.stream().filter(o -> o.isOptionEqual(finalKey)).findFirst()
                    .orElseThrow(() -> CliException.usage("unknown option " + finalKey));
            boolean flag = decl.type() == boolean.class || decl.type() == Boolean.class;
            if (value == null) {
                if (flag) {
                    value = "true";
                } else if (i + 1 < rest.size()) {
                    value = rest.get(++i);
                } else {
                    throw CliException.usage("option " + key + " needs a value");
                }
            }
            b.addOption(CommandOption.with().shortName(decl.shortName())
                    .longName(decl.longName() == null ? "" : decl.longName()).value(value).type(decl.type()).build());
        }
        return b.build();
    }

    private static boolean isNegativeNumber(String w) {
        return w.length() > 1 && w.charAt(0) == '-' && Character.isDigit(w.charAt(1));
    }

    private ExitCode unknownCommand(List<String> args) {
        String wanted = String.join(" ", args.stream().takeWhile(a -> !a.startsWith("-")).toList());
        List<Command> candidates = new ArrayList<>(registry.getCommandsByPrefix(args.get(0)));
        candidates.sort(Comparator.comparing(Command::getName));
        if (!candidates.isEmpty() && registry.getCommandByName(args.get(0)) == null) {
            output.note("hallmark: '%s' needs a sub-command:", wanted);
        } else {
            output.note("hallmark: unknown command '%s'.", wanted);
            candidates = registry.getCommands().stream().filter(c -> !c.isHidden())
                    .sorted(Comparator.comparing(Command::getName)).toList();
        }
        for (Command c : candidates) {
            output.note("  %-22s %s", c.getName(), c.getDescription());
        }
        output.note("Run `hallmark help` for the full list.");
        return ExitCode.USAGE;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
