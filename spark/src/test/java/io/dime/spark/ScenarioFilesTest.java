package io.dime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFilesTest {
    @TempDir
    Path folder;

    @Test
    void filesKeepTheirPlacesRelativeToTheScenarioFolder() throws IOException {
        Files.createDirectories(folder.resolve("a/b/scenarios"));
        Files.createDirectories(folder.resolve("a/profiles"));
        Files.writeString(folder.resolve("a/profiles/p.yaml"), "p");
        Files.writeString(folder.resolve("a/b/scenarios/t.csv"), "t");
        String text = """
                nodes:
                  - {name: x, profile: ../../profiles/p.yaml}
                  - {name: y, profile: missing.yaml}
                workload:
                  - {name: w, arrival: {process: trace, file: t.csv}}
                """;
        ScenarioFiles files = ScenarioFiles.of(folder.resolve("a/b/scenarios"), List.of(text));
        assertEquals(List.of("b/scenarios/t.csv", "profiles/p.yaml"), files.names(), "a missing file is left for the loader to report");
        Path root;
        try (ScenarioFiles.Unpacked copy = files.unpack()) {
            root = copy.root();
            assertEquals("p", Files.readString(copy.base().resolve("../../profiles/p.yaml").normalize()));
            assertEquals("t", Files.readString(copy.base().resolve("t.csv")));
        }
        assertFalse(Files.exists(root), "closing the copy deletes it");
    }

    @Test
    void aScenarioNamingNoFilesShipsNone() {
        ScenarioFiles files = ScenarioFiles.of(folder, List.of("name: x\nnodes: []\n"));
        assertTrue(files.names().isEmpty());
        try (ScenarioFiles.Unpacked copy = files.unpack()) {
            assertTrue(Files.isDirectory(copy.base()));
        }
    }
}
