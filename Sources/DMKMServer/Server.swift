import CMalloc
import DMKMAnalysis
import Foundation
import Hummingbird
import Logging

/// Builds and runs the DMKM HTTP server (Hummingbird 2).
public enum DMKMServer {
    /// Where a published catalogue (`--catalogue DIR`) is served.
    public static let catalogueBasePath = "/catalogue"

    /// The router with every route: API, page, health, metrics, OpenAPI.
    public static func router(state: ServerState) -> Router<DMKMRequestContext> {
        let router = Router(context: DMKMRequestContext.self)
        let api = APIRoutes(state: state)
        api.register(on: router)
        SearchPage(state: state, api: api).register(on: router)
        OAIRoutes(state: state, api: api).register(on: router)
        if let catalogue = state.configuration.catalogueDirectory {
            router.add(middleware: FileMiddleware(catalogue.path, urlBasePath: catalogueBasePath, searchForIndexHtml: true))
        }
        return router
    }

    /// The application; `onRunning` receives the bound port (useful with port 0).
    public static func application(state: ServerState, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "dmkm")
        logger.logLevel = .warning
        return Application(
            router: router(state: state),
            configuration: .init(address: .hostname(state.configuration.host, port: state.configuration.port), serverName: "dmkm"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT, then stops accepting connections, lets requests in flight
    /// finish, and returns.
    public static func run(state: ServerState, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // Answers of every size come and go on many threads: hand large freed blocks back to the
        // system, or a burst of big result pages leaves the process at its peak size for good.
        dmkm_malloc_return_large_blocks()
        try await application(state: state, onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
