package dev.fmnist.train.device;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import dev.fmnist.train.Trainer;
import dev.fmnist.util.EnumText;
import dev.fmnist.util.FmnistException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Where the graph runs. {@code AUTO} is the first GPU when TensorFlow sees one, else the CPU;
 * {@code GPU} insists on one. On a GPU, TensorFlow's placer puts every op with a GPU kernel
 * there and the rest (and ops with no GPU kernel) on the CPU; {@link Placement} reports the split.
 */
public enum Device {
    AUTO, CPU, GPU;

    /** A device TensorFlow can run on, as it names it: {@code /job:localhost/.../device:GPU:0}. */
    public record Found(String name, String type, long memoryBytes) {}

    /** Thrown when a GPU is asked for and TensorFlow sees none; the message says why, after "but". */
    public static final class UnavailableException extends FmnistException {
        UnavailableException(String message) {
            super(message);
        }
    }

    private static List<Found> found;

    public static Device parse(String text) {
        return EnumText.parse(Device.class, "device", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }

    /**
     * CPU or GPU, as this machine allows: AUTO becomes GPU when TensorFlow sees one.
     *
     * @param threads the threads the graph will run with (see {@link #available})
     * @throws UnavailableException for GPU on a machine, or a TensorFlow build, without one
     */
    public Device resolve(int threads) throws UnavailableException {
        if (this == CPU) {
            return CPU;
        }
        boolean gpu = available(threads).stream().anyMatch(d -> d.type().equals("GPU"));
        if (gpu) {
            return GPU;
        }
        if (this == GPU) {
            throw new UnavailableException(cudaBuild()
                    ? "TensorFlow finds no usable GPU here (it needs an NVIDIA driver and the CUDA 12 and"
                      + " cuDNN 9 libraries; check CUDA_VISIBLE_DEVICES too)."
                    : "this build bundles TensorFlow's CPU-only library; build with 'mvn -Pgpu package' for CUDA.");
        }
        return CPU;
    }

    /**
     * The session options that keep the graph on this device: for CPU, no GPU at all in a CUDA
     * build (so that on a GPU machine it still trains on the CPU; the CPU build has none to hide,
     * and its sessions stay as they were), and for GPU memory taken as needed rather than all of it
     * at start, so other programs can share the card.
     */
    public ConfigProto.Builder configure(ConfigProto.Builder config) {
        if (this == CPU) {
            return cudaBuild() ? config.putDeviceCount("GPU", 0) : config;
        }
        return config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }

    /** Whether the TensorFlow library on the class path was built with CUDA. */
    public static boolean cudaBuild() {
        return TensorFlow.class.getResource("/org/tensorflow/internal/c_api/linux-x86_64-gpu/") != null;
    }

    /**
     * The devices TensorFlow sees in this process, listed once, by a session with the thread
     * settings the training sessions will have: TensorFlow sizes its process-wide thread pools from
     * the first session it creates, so a listing with other settings would leave training with
     * them (measured: a listing with default settings made an epoch of the default model 0.5 s slower).
     */
    public static synchronized List<Found> available(int threads) {
        if (found == null) {
            found = List.copyOf(list(threads));
        }
        return found;
    }

    /** The options every session of a {@link Trainer} starts from: {@code threads} intra-op threads, ops one at a time. */
    public static ConfigProto.Builder sessionConfig(int threads) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
    }

    private static List<Found> list(int threads) {
        TensorFlow.version(); // loads the native library
        List<Found> devices = new ArrayList<>();
        TF_Status status = TF_NewStatus();
        TF_Graph graph = TF_NewGraph();
        TF_SessionOptions options = TF_NewSessionOptions();
        // TensorFlow sizes its GPU allocator once per process, from the first session's options:
        // this one must not take the whole card either.
        byte[] config = GPU.configure(sessionConfig(threads)).build().toByteArray();
        TF_Session session = null;
        try (BytePointer bytes = new BytePointer(config)) {
            TF_SetConfig(options, bytes, config.length, status);
            check(status);
            session = TF_NewSession(graph, options, status);
            check(status);
            TF_DeviceList list = TF_SessionListDevices(session, status);
            check(status);
            try {
                for (int i = 0; i < TF_DeviceListCount(list); i++) {
                    devices.add(new Found(TF_DeviceListName(list, i, status).getString(),
                            TF_DeviceListType(list, i, status).getString(), TF_DeviceListMemoryBytes(list, i, status)));
                    check(status);
                }
            } finally {
                TF_DeleteDeviceList(list);
            }
        } finally {
            if (session != null && !session.isNull()) {
                TF_CloseSession(session, status);
                TF_DeleteSession(session, status);
            }
            TF_DeleteSessionOptions(options);
            TF_DeleteGraph(graph);
            TF_DeleteStatus(status);
        }
        return devices;
    }

    private static void check(TF_Status status) {
        if (TF_GetCode(status) != TF_OK) {
            throw new IllegalStateException("TensorFlow cannot list its devices: " + TF_Message(status).getString());
        }
    }
}
