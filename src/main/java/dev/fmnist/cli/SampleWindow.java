package dev.fmnist.cli;

import java.awt.image.BufferedImage;
import java.util.concurrent.CountDownLatch;
import javax.swing.ImageIcon;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/** Shows a picture in a window, as the lab's {@code cv2.imshow} did, and waits until it is closed. */
final class SampleWindow {
    private SampleWindow() {}

    /** Runs AWT headless unless there is a display to open windows on. */
    static void headlessWithoutDisplay() {
        String x = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        if ((x == null || x.isBlank()) && (wayland == null || wayland.isBlank())) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static void showAndWait(BufferedImage image, String title) throws java.io.IOException {
        CountDownLatch closed = new CountDownLatch(1);
        SwingUtilities.invokeLater(() -> {
            JFrame frame = new JFrame(title);
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            frame.add(new JLabel(new ImageIcon(image)));
            frame.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowClosed(java.awt.event.WindowEvent e) {
                    closed.countDown();
                }
            });
            frame.pack();
            frame.setLocationRelativeTo(null);
            frame.setVisible(true);
        });
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
