package dev.fmnist.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NativeLibraryTest {
    @Test
    void namesThePlatformsAsTensorFlowJavaDoes() {
        // What each JVM reports in os.name and os.arch.
        assertEquals("linux-x86_64", NativeLibrary.platform("Linux", "amd64"));
        assertEquals("linux-arm64", NativeLibrary.platform("Linux", "aarch64"));
        assertEquals("macosx-arm64", NativeLibrary.platform("Mac OS X", "aarch64"));
        assertEquals("windows-x86_64", NativeLibrary.platform("Windows 11", "amd64"));
        assertNull(NativeLibrary.platform("Mac OS X", "x86_64"), "TensorFlow Java 1.1 ships nothing for Intel Macs");
        assertNull(NativeLibrary.platform("Linux", "riscv64"));
        assertNull(NativeLibrary.platform("FreeBSD", "amd64"));
    }

    @Test
    void findsThisPlatformsLibrariesInTheBuild() throws Exception {
        // mvn builds native/ for this machine before the tests: its two libraries are under native/PLATFORM/.
        assertNotNull(NativeLibrary.locate("fmnist_ops"));
        assertNotNull(NativeLibrary.locate("fmnist_quiet"));
        assertNull(NativeLibrary.locate("no_such_library"));
    }
}
