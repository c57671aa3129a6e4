package dev.hallmark.generator;

import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.generator.bundle.BundleSource;
import dev.hallmark.generator.bundle.ModelBundle;
import dev.hallmark.generator.djl.DjlDiffusionModel;
import dev.hallmark.generator.scene.SceneModel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point: loads a built-in model by name ({@code tiny-t2v}, {@code scene}) or a model bundle folder by path
 * (layout in generator/BUNDLES.md).
 */
public final class Generators {
    /** The model {@code generate} uses when none is named. */
    public static final String DEFAULT_MODEL = "tiny-t2v";
    /** Class-path folder of the built-in tiny-t2v bundle. */
    public static final String TINY_T2V_RESOURCES = "/models/tiny-t2v";

    private Generators() {
    }

    /** Names of the built-in models. */
    public static List<String> builtIn() {
        return List.of("tiny-t2v", SceneModel.NAME);
    }

    /** {@link #load(String, GeneratorOptions)} with default options (engine by file type, GPU when available). */
    public static TextToVideoModel load(String nameOrPath) throws GeneratorException {
        return load(nameOrPath, GeneratorOptions.defaults());
    }

    /**
     * @param nameOrPath {@code tiny-t2v}, {@code scene}, or a bundle folder
     * @throws GeneratorException MODEL_NOT_FOUND, or why the bundle cannot be used
     */
    public static TextToVideoModel load(String nameOrPath, GeneratorOptions options) throws GeneratorException {
        return switch (nameOrPath) {
            case SceneModel.NAME -> new SceneModel();
            case "tiny-t2v" -> DjlDiffusionModel.load(ModelBundle.open(new BundleSource.Resources(TINY_T2V_RESOURCES)),
                    options);
            default -> DjlDiffusionModel.load(openBundle(nameOrPath), options);
        };
    }

    /** Opens (parses and validates the manifest of) a bundle folder without loading its networks. */
    public static ModelBundle openBundle(String path) throws GeneratorException {
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new GeneratorException(Reason.MODEL_NOT_FOUND, null, "'" + path + "' is neither a built-in model "
                    + builtIn() + " nor a path");
        }
        if (!Files.isDirectory(p)) {
            throw new GeneratorException(Reason.MODEL_NOT_FOUND, p, "no built-in model of that name " + builtIn()
                    + " and no bundle folder there");
        }
        return ModelBundle.open(new BundleSource.Folder(p));
    }
}
