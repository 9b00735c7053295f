import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step (pom.xml, phase process-classes): copies a dependency's classes into target/classes, raising class
 * files older than Java 6 (major version 49 and below) to Java 8's format with the stack map frames that format
 * needs. Nothing else in them changes.
 *
 * <p>Why: picocli is compiled for Java 5, and the JVM's AOT cache (and AppCDS archive) cannot hold a pre-Java-6
 * class once it was linked: every {@code ./switchboard} start then loads and verifies picocli's 170 classes from
 * the jar with the old verifier, ≈ 0.2 s of a 1 s cold start. Raised, they come from the cache like every other
 * class. The shade plugin leaves picocli's own jar out and takes these classes instead.
 *
 * <p>Run as a single-file program: {@code java -cp asm.jar src/build/UpgradeClassFiles.java <jar> <classes dir>}.
 */
public final class UpgradeClassFiles {
    private static final int OLDEST_CACHEABLE = 50;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: UpgradeClassFiles <dependency.jar> <output classes directory>");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int copied = 0;
        int raised = 0;
        // Frames need the common superclass of two types: resolved against the jar itself (and the JDK), never loaded
        // into this build's own class path.
        try (var zip = new ZipFile(jar.toFile());
             var loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (var entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".class") || name.startsWith("META-INF/")) continue;
                byte[] original;
                try (var in = zip.getInputStream(entry)) {
                    original = in.readAllBytes();
                }
                boolean old = majorVersion(original) < OLDEST_CACHEABLE;
                Path target = out.resolve(name);
                Files.createDirectories(target.getParent());
                Files.write(target, old ? raise(original, loader) : original);
                copied++;
                if (old) raised++;
            }
        }
        System.out.printf("UpgradeClassFiles: %s: %d classes into %s, %d raised to Java 8's class file format%n",
                jar.getFileName(), copied, out, raised);
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] raise(byte[] classFile, ClassLoader loader) {
        var writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    private UpgradeClassFiles() {}
}
