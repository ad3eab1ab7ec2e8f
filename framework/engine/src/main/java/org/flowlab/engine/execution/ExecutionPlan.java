package org.flowlab.engine.execution;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;

import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.api.ops.custom.Invoke;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Enter;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Exit;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.LoopCond;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Merge;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.NextIteration;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Switch;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.Assert;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff function's ops for one set of placeholder shapes, fixed into a schedule with its buffers assigned
 * ahead of time, as a compiler would: each op gets its own {@link OpContext} with its inputs, arguments and
 * output buffers set once, and a run is one native call per op.
 *
 * <p>Why: SameDiff's session re-derives everything on every call (ND4J M2.1, {@code InferenceSession}): which
 * ops are ready (dependency maps of {@code VarId} objects), each op's output shapes (a native shape
 * function), an output buffer from its array cache, and which arrays can be released. For the bench
 * configuration's ~1,700 ops that is ~0.1 ms of Java per op, a tenth of a training step. Here that work is
 * done once, from one recorded execution: its order of ops is a valid schedule, and its output shapes are the
 * buffers' shapes. Buffers are shared between values whose lifetimes do not overlap (a value dies after its
 * last reader): the bench configuration's step needs ~300 MiB of them. A reshape of a plan buffer costs nothing:
 * its output is a view of that buffer, which then lives as long as the view's readers.
 *
 * <p>The plan covers the op kinds a flow model's training step is made of: native custom ops, legacy
 * transform/scalar/reduce/pairwise ops, identities and SameDiff's gradient marker. Control flow, tensor lists
 * and the other special cases of SameDiff's session are refused with {@link Unsupported}, and the caller
 * stays on SameDiff. Requested outputs are copied out, so a caller may keep them across runs.
 */
public final class ExecutionPlan {

    /** The graph holds something a fixed schedule cannot express; the message says what. */
    public static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    /** One execution by SameDiff: the requested outputs, and the ops in the order they ran. */
    public record Recording(Map<String, INDArray> outputs, List<RecordedOp> ops) {
    }

    /** Runs {@code function} once through SameDiff's session, recording its schedule (its listeners still run). */
    public static Recording record(SameDiff function, Map<String, INDArray> placeholders, String... requested) {
        List<Listener> original = new ArrayList<>(function.getListeners());
        OpRecorder recorder = new OpRecorder();
        List<Listener> listeners = new ArrayList<>(original);
        listeners.add(recorder);
        function.setListeners(listeners);
        try {
            return new Recording(function.output(placeholders, requested), List.copyOf(recorder.ops));
        } finally {
            function.setListeners(original);
        }
    }

    /** The ops of one execution, in order, with the shapes they wrote. */
    private static final class OpRecorder extends BaseListener {
        final List<RecordedOp> ops = new ArrayList<>();

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                INDArray[] outputs) {
            ops.add(RecordedOp.of(op, outputs));
        }
    }

    /** One executed op as SameDiff ran it: which op, and the shapes of the arrays it wrote. */
    public record RecordedOp(SameDiffOp op, List<ArraySpec> outputs) {

        static RecordedOp of(SameDiffOp op, INDArray[] outputs) {
            return new RecordedOp(op, Arrays.stream(outputs).map(ArraySpec::of).toList());
        }
    }

    /** Type, shape and order of a buffer; what buffers are pooled by. */
    public record ArraySpec(DataType type, List<Long> shape, char order, boolean empty) {

        static ArraySpec of(INDArray array) {
            return new ArraySpec(array.dataType(), Arrays.stream(array.shape()).boxed().toList(),
                    array.ordering(), array.isEmpty());
        }

        INDArray allocate() {
            return empty ? Nd4j.empty(type)
                    : Nd4j.createUninitialized(type, shape.stream().mapToLong(Long::longValue).toArray(), order);
        }
    }

    private final SameDiff function;
    private final List<Step> steps;
    private final Map<String, INDArray> placeholderBuffers;
    private final Map<String, INDArray> requestedBuffers;
    /** Variables and constants the contexts point at; a replaced array makes the plan stale. */
    private final Map<String, INDArray> boundArrays;
    private final long bufferBytes;

    private ExecutionPlan(SameDiff function, List<Step> steps, Map<String, INDArray> placeholderBuffers,
            Map<String, INDArray> requestedBuffers, Map<String, INDArray> boundArrays, long bufferBytes) {
        this.function = function;
        this.steps = steps;
        this.placeholderBuffers = placeholderBuffers;
        this.requestedBuffers = requestedBuffers;
        this.boundArrays = boundArrays;
        this.bufferBytes = bufferBytes;
    }

    public int opCount() {
        return steps.size();
    }

    /** Bytes of the activation and gradient buffers the plan owns (placeholders and outputs included). */
    public long bufferBytes() {
        return bufferBytes;
    }

    /** Whether these placeholders have the shapes and types the plan was built for. */
    public boolean fits(Map<String, INDArray> placeholders) {
        if (!placeholders.keySet().containsAll(placeholderBuffers.keySet())) {
            return false;
        }
        for (Map.Entry<String, INDArray> entry : placeholderBuffers.entrySet()) {
            INDArray given = placeholders.get(entry.getKey());
            if (!Arrays.equals(given.shape(), entry.getValue().shape())
                    || given.dataType() != entry.getValue().dataType()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every variable and constant still has the array the plan was built with (a checkpoint load or a
     * data-type conversion replaces them; updating them in place, as the optimiser does, is fine).
     */
    public boolean isCurrent() {
        for (Map.Entry<String, INDArray> bound : boundArrays.entrySet()) {
            if (function.getArrForVarName(bound.getKey()) != bound.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Runs every op once; the placeholders must {@link #fits fit}. Returns copies of the requested outputs. */
    public Map<String, INDArray> run(Map<String, INDArray> placeholders) {
        placeholderBuffers.forEach((name, buffer) -> buffer.assign(placeholders.get(name)));
        List<Listener> listeners = activeListeners();
        At at = At.defaultAt(Operation.TRAINING);
        for (Step step : steps) {
            for (Listener listener : listeners) {
                listener.preOpExecution(function, at, step.op, step.context);
            }
            step.execute();
            for (Listener listener : listeners) {
                listener.opExecution(function, at, null, step.op, step.context, step.outputs);
            }
        }
        Map<String, INDArray> results = new LinkedHashMap<>();
        requestedBuffers.forEach((name, buffer) -> results.put(name, buffer.dup()));
        return results;
    }

    private List<Listener> activeListeners() {
        List<Listener> active = new ArrayList<>();
        for (Listener listener : function.getListeners()) {
            if (listener.isActive(Operation.TRAINING)) {
                active.add(listener);
            }
        }
        return active;
    }

    /** Builds the plan from one recorded execution of {@code function} with these placeholders. */
    public static ExecutionPlan compile(SameDiff function, Recording recording, Map<String, INDArray> placeholders)
            throws Unsupported {
        return new Compiler(function, recording.ops(), placeholders, List.copyOf(recording.outputs().keySet()))
                .compile();
    }

    /** One op with its context fixed. */
    private static final class Step {
        final SameDiffOp op;
        final OpContext context;
        final INDArray[] outputs;
        /** For a legacy scalar op whose scalar is an input: set on the op before each run, as SameDiff does. */
        final INDArray scalarInput;

        Step(SameDiffOp op, OpContext context, INDArray[] outputs, INDArray scalarInput) {
            this.op = op;
            this.context = context;
            this.outputs = outputs;
            this.scalarInput = scalarInput;
        }

        void execute() {
            DifferentialFunction function = op.getOp();
            if (function instanceof GradientBackwardsMarker) {
                outputs[0].assign(1.0); // the seed of the backward pass (SameDiff's session does the same)
                return;
            }
            if (function instanceof DynamicCustomOp custom) {
                Nd4j.getExecutioner().exec((CustomOp) custom, context);
            } else {
                if (scalarInput != null) {
                    ((ScalarOp) function).setScalar(scalarInput);
                }
                Nd4j.getExecutioner().exec((Op) function, context);
            }
        }
    }

    /** Liveness of every value, then buffers assigned in schedule order from a pool of dead ones. */
    private static final class Compiler {
        private final SameDiff function;
        private final List<RecordedOp> recorded;
        private final Map<String, INDArray> placeholders;
        private final List<String> requested;

        /**
         * An identity's output is its input's buffer, and a reshape's a view of it: value name → the name that owns
         * the buffer.
         */
        private final Map<String, String> owner = new HashMap<>();
        /** Reshapes compiled to views: value name → the view of its owner's buffer. */
        private final Map<String, INDArray> views = new HashMap<>();
        /** Values whose own buffer is dense in c order (every op output the recording saw in c order). */
        private final Set<String> denseC = new HashSet<>();
        private final Map<String, Integer> lastRead = new HashMap<>();
        private final Set<String> pinned = new LinkedHashSet<>();

        private final Map<String, INDArray> buffers = new HashMap<>();
        private final Map<ArraySpec, Deque<INDArray>> pool = new HashMap<>();
        private final Map<String, INDArray> placeholderBuffers = new LinkedHashMap<>();
        private final Map<String, INDArray> boundArrays = new LinkedHashMap<>();
        private long bufferBytes;

        Compiler(SameDiff function, List<RecordedOp> recorded, Map<String, INDArray> placeholders,
                List<String> requested) {
            this.function = function;
            this.recorded = recorded;
            this.placeholders = placeholders;
            this.requested = requested;
        }

        ExecutionPlan compile() throws Unsupported {
            computeLifetimes();
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < recorded.size(); i++) {
                Step step = assign(i, recorded.get(i));
                if (step != null) {
                    steps.add(step);
                }
            }
            Map<String, INDArray> requestedBuffers = new LinkedHashMap<>();
            for (String name : requested) {
                requestedBuffers.put(name, views.getOrDefault(name, buffers.get(owner.get(name))));
            }
            return new ExecutionPlan(function, List.copyOf(steps), placeholderBuffers, requestedBuffers,
                    boundArrays, bufferBytes);
        }

        private void computeLifetimes() throws Unsupported {
            for (int i = 0; i < recorded.size(); i++) {
                DifferentialFunction op = recorded.get(i).op().getOp();
                checkSupported(op);
                for (String input : inputsOf(op)) {
                    SDVariable variable = function.getVariable(input);
                    if (variable.getVariableType() == VariableType.ARRAY) {
                        String source = owner.get(input);
                        if (source == null) {
                            throw new Unsupported("op " + op.getOwnName() + " reads " + input
                                    + ", which no earlier op wrote");
                        }
                        lastRead.put(source, i);
                    } else if (variable.getVariableType() == VariableType.PLACEHOLDER
                            && !placeholders.containsKey(input)) {
                        throw new Unsupported("op " + op.getOwnName() + " reads placeholder " + input
                                + ", which was not fed");
                    }
                }
                String[] outputs = op.outputVariablesNames();
                for (String output : outputs) {
                    if (op instanceof Identity || isView(recorded.get(i))) {
                        owner.put(output, owner.getOrDefault(op.argNames()[0], op.argNames()[0]));
                    } else {
                        owner.put(output, output);
                        lastRead.putIfAbsent(output, i);
                        recordOrder(recorded.get(i), output);
                    }
                }
            }
            for (String name : requested) {
                String source = owner.get(name);
                if (source == null || !buffered(source)) {
                    throw new Unsupported("requested output " + name + " is written by no recorded op");
                }
                pinned.add(source);
            }
        }

        private void recordOrder(RecordedOp record, String output) {
            int index = Arrays.asList(record.op().getOp().outputVariablesNames()).indexOf(output);
            if (index >= 0 && index < record.outputs().size() && record.outputs().get(index).order() == 'c'
                    && !record.outputs().get(index).empty()) {
                denseC.add(output);
            }
        }

        private static void checkSupported(DifferentialFunction op) throws Unsupported {
            if (op instanceof Identity || op instanceof GradientBackwardsMarker) {
                return;
            }
            boolean needsSession = op instanceof CreateView || op instanceof Assign
                    || op instanceof ExternalErrorsFunction || op instanceof Invoke || op instanceof Assert
                    || op instanceof Switch || op instanceof Merge || op instanceof Enter || op instanceof Exit
                    || op instanceof NextIteration || op instanceof LoopCond || op instanceof BaseTensorOp;
            if (needsSession) {
                throw new Unsupported("op " + op.getOwnName() + " (" + op.getClass().getSimpleName()
                        + ") needs SameDiff's session");
            }
            if (!(op instanceof DynamicCustomOp) && !(op instanceof Op)) {
                throw new Unsupported("op " + op.getOwnName() + " (" + op.getClass().getSimpleName()
                        + ") is neither a native custom op nor a legacy op");
            }
        }

        /**
         * The values an op's context reads, in order. A legacy reduce with an axis input and a legacy scalar op
         * with a scalar input read only their first input through the context (SameDiff's session sets the
         * axis or scalar on the op itself).
         */
        private List<String> inputsOf(DifferentialFunction op) throws Unsupported {
            String[] names = op.argNames();
            if (names == null) {
                return List.of();
            }
            if (op instanceof ReduceOp reduce && !(op instanceof CustomOp) && reduce.getOpType() != Op.Type.REDUCE3
                    && names.length == 2) {
                if (function.getVariable(names[1]).getVariableType() != VariableType.CONSTANT) {
                    throw new Unsupported("op " + op.getOwnName() + " reduces over axes computed at run time");
                }
                return List.of(names[0]);
            }
            if (op instanceof ScalarOp && !(op instanceof CustomOp) && names.length == 2) {
                return List.of(names[0], names[1]);
            }
            return List.of(names);
        }

        /** Assigns op {@code index}'s buffers and builds its context; null for identities. */
        private Step assign(int index, RecordedOp record) throws Unsupported {
            DifferentialFunction op = record.op().getOp();
            if (op instanceof Identity) {
                return null;
            }
            if (isView(record)) {
                String output = op.outputVariablesNames()[0];
                long[] shape = record.outputs().get(0).shape().stream().mapToLong(Long::longValue).toArray();
                views.put(output, buffers.get(owner.get(output)).reshape('c', shape));
                return null;
            }
            String[] outputNames = op.outputVariablesNames();
            if (outputNames.length != record.outputs().size()) {
                throw new Unsupported("op " + op.getOwnName() + " wrote " + record.outputs().size()
                        + " arrays for " + outputNames.length + " outputs");
            }
            INDArray[] outputs = new INDArray[outputNames.length];
            for (int o = 0; o < outputs.length; o++) {
                outputs[o] = take(record.outputs().get(o));
                buffers.put(outputNames[o], outputs[o]);
            }
            List<String> inputNames = inputsOf(op);
            INDArray[] inputs = new INDArray[inputNames.size()];
            for (int in = 0; in < inputs.length; in++) {
                inputs[in] = resolve(inputNames.get(in));
            }
            OpContext context = Nd4j.getExecutioner().buildContext();
            INDArray scalarInput = null;
            if (op instanceof DynamicCustomOp custom) {
                context.setArgs(inputs, custom.iArgs(), custom.dArgs(), custom.tArgs(), custom.bArgs());
                context.setOutputArrays(outputs);
            } else if (inputs.length > 0) {
                context.setInputArray(0, inputs[0]);
                if (op instanceof ScalarOp && inputs.length == 2) {
                    scalarInput = inputs[1];
                } else if (inputs.length == 2) {
                    context.setInputArray(1, inputs[1]);
                }
            }
            if (!(op instanceof DynamicCustomOp)) {
                context.setOutputArray(0, outputs[0]);
            }
            release(index, inputNames, outputNames);
            return new Step(record.op(), context, outputs, scalarInput);
        }

        /**
         * Whether a recorded op is a reshape of a value in a plan buffer into c order: all plan buffers are dense,
         * so its output can be a view of that buffer instead of a copy (for the flattened channels-last tensors of
         * {@code MatmulGradientConv2D}, megabytes per op).
         */
        private boolean isView(RecordedOp record) {
            if (!(record.op().getOp() instanceof Reshape reshape) || record.outputs().get(0).order() != 'c') {
                return false;
            }
            String input = reshape.argNames()[0];
            String source = owner.get(input);
            return function.getVariable(input).getVariableType() == VariableType.ARRAY && source != null
                    && buffered(source) && denseC.contains(source);
        }

        /** Whether a value lives in a plan buffer (an op output), not in a placeholder, variable or constant. */
        private boolean buffered(String name) {
            return function.getVariable(name).getVariableType() == VariableType.ARRAY;
        }

        private INDArray resolve(String name) {
            SDVariable variable = function.getVariable(name);
            switch (variable.getVariableType()) {
                case ARRAY:
                    if (views.containsKey(name)) {
                        return views.get(name);
                    }
                    String source = owner.get(name);
                    // An identity of a placeholder or parameter reads that array itself.
                    return buffered(source) ? buffers.get(source) : resolve(source);
                case PLACEHOLDER:
                    return placeholderBuffers.computeIfAbsent(name, n -> {
                        INDArray given = placeholders.get(n);
                        INDArray buffer = Nd4j.createUninitialized(given.dataType(), given.shape(), 'c');
                        bufferBytes += buffer.length() * buffer.dataType().width();
                        return buffer;
                    });
                default:
                    INDArray array = function.getArrForVarName(name);
                    boundArrays.put(name, array);
                    return array;
            }
        }

        /** A buffer of this spec: a dead one if there is one, else a new one. */
        private INDArray take(ArraySpec spec) {
            Deque<INDArray> free = pool.get(spec);
            if (free != null && !free.isEmpty()) {
                return free.pop();
            }
            INDArray buffer = spec.allocate();
            bufferBytes += buffer.length() * buffer.dataType().width();
            return buffer;
        }

        /** After op {@code index}: values it read for the last time, and outputs nobody reads, go back to the pool. */
        private void release(int index, List<String> inputNames, String[] outputNames) {
            Set<String> dead = new LinkedHashSet<>();
            for (String input : inputNames) {
                String source = owner.get(input);
                if (source != null && buffered(source) && lastRead.get(source) == index) {
                    dead.add(source);
                }
            }
            for (String output : outputNames) {
                if (lastRead.get(output) == index) {
                    dead.add(output);
                }
            }
            for (String name : dead) {
                if (!pinned.contains(name)) {
                    INDArray buffer = buffers.get(name);
                    pool.computeIfAbsent(ArraySpec.of(buffer), k -> new ArrayDeque<>()).push(buffer);
                }
            }
        }
    }
}
