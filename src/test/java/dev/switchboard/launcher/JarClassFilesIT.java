package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The JVM's AOT cache, which {@code ./switchboard serve} starts from, cannot hold a class file older than Java 6
 * once it was linked; such a class is loaded and verified from the jar at every start instead. picocli is compiled
 * for Java 5, so the build raises its class files (src/build/UpgradeClassFiles.java): this checks the shipped jar.
 */
class JarClassFilesIT {
    private static final int OLDEST_CACHEABLE = 50;

    @Test
    void every_class_a_start_can_load_is_one_the_aot_cache_holds() throws IOException {
        String jar = System.getProperty("switchboard.jar");
        assertThat(jar).as("system property switchboard.jar (set by failsafe)").isNotNull();
        var tooOld = new ArrayList<String>();
        int picocli = 0;
        try (var zip = new ZipFile(jar)) {
            for (var entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/")) continue;
                if (name.startsWith("picocli/")) picocli++;
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] head = in.readNBytes(8);
                    int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
                    // JetBrains' annotations (Kotlin's, retention CLASS) are never loaded.
                    if (major < OLDEST_CACHEABLE && !name.startsWith("org/jetbrains/annotations/")) {
                        tooOld.add(name + " (" + major + ")");
                    }
                }
            }
        }
        assertThat(picocli).as("picocli's classes are in the jar").isGreaterThan(100);
        assertThat(tooOld).as("class files older than Java 6").isEqualTo(List.of());
    }
}
