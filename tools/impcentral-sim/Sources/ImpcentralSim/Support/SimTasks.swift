/// Where the simulator's own tasks run: the shared concurrency pool by default, or a task
/// executor the embedding program gives `SimServer` (so that a test process whose pool threads
/// block on synchronous work still gets answers from an in-process simulator).
struct SimTasks: Sendable {
    let executor: (any TaskExecutor)?

    static let pool = SimTasks(executor: nil)

    /// Starts an unstructured task on the simulator's executor.
    @discardableResult
    func start<Success: Sendable>(_ operation: sending @escaping () async -> Success) -> Task<Success, Never> {
        Task(executorPreference: executor, operation: operation)
    }
}
