import Mustache

/// The console's pages as Mustache templates, compiled once on first use (not at start-up).
///
/// Every page extends `layout`. `{{name}}` escapes HTML (`<`, `>`, `&`, quotes), and the
/// templates use nothing else to show server data: no triple mustaches, no lambdas.
enum ConsoleTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let sources: [(String, String)] = [
            ("layout", layout), ("pager", pager), ("login", login), ("message", message), ("products", products),
            ("product", product), ("group", group), ("devices", devices), ("device", device),
            ("deployment", deployment), ("webhook", webhook),
        ]
        for (name, text) in sources {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("console template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    /// Renders `page` with the template `name`.
    static func render(_ page: Any, _ name: String) -> String {
        guard let text = library.render(page, withTemplate: name) else {
            preconditionFailure("no console template named \(name)")
        }
        return text
    }

    /// Where a paged list is, with links to the neighbouring pages.
    static let pager = """
        {{#pager}}<p class="pager">{{first}}–{{last}} of {{total}}
        {{#previous}}<a href="?page={{.}}" id="previous-page">previous</a>{{/previous}}
        {{#next}}<a href="?page={{.}}" id="next-page">next</a>{{/next}}</p>{{/pager}}
        """

    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · impcentral-sim</title>
        <link rel="stylesheet" href="/console/console.css">
        <script src="/console/console.js" defer></script>
        </head>
        <body{{#chrome}} data-generation="{{generation}}"{{/chrome}}>
        <header>
        <a class="brand" href="/">impcentral-sim</a>
        {{#chrome}}
        <nav><a href="/">Products</a> <a href="/console/devices">Devices</a></nav>
        <span class="who" id="account">{{username}}</span>
        <form method="post" action="/console/logstreams/drop" data-confirm="Drop every open log stream of {{username}}?">
        <input type="hidden" name="csrf" value="{{csrf}}"><button id="drop-streams">Drop log streams</button></form>
        <form method="post" action="/console/logout">
        <input type="hidden" name="csrf" value="{{csrf}}"><button id="logout">Log out</button></form>
        {{/chrome}}
        </header>
        <main>
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

    static let login = """
        {{<layout}}{{$content}}
        <h1>Log in</h1>
        <p>The same username (or email) and password as for the API, e.g. <code>impt auth login</code>.</p>
        {{#error}}<p class="error" id="login-error">{{error}}</p>{{/error}}
        <form method="post" action="/console/login" class="login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>Username or email <input name="user" id="user" value="{{user}}" autocomplete="username" required></label>
        <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
        <label>One-time password (two-factor accounts only) <input name="otp" id="otp" autocomplete="one-time-code"></label>
        <button id="login">Log in</button>
        </form>
        {{/content}}{{/layout}}
        """

    static let message = """
        {{<layout}}{{$content}}
        <h1>{{title}}</h1>
        <p class="error" id="message">{{message}}</p>
        <p><a href="{{back}}">Back</a></p>
        {{/content}}{{/layout}}
        """
}
