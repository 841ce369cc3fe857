extension ConsoleTemplates {
    static let products = """
        {{<layout}}{{$content}}
        <h1>Products</h1>
        <div id="products" data-live>
        <table>
        <thead><tr><th>Name</th><th>Description</th><th>Device groups</th></tr></thead>
        <tbody>
        {{#products}}<tr><td><a href="/console/products/{{id}}">{{name}}</a></td><td>{{description}}</td><td>{{groups}}</td></tr>
        {{/products}}
        </tbody>
        </table>
        {{^products}}<p>No products yet: <code>impt product create</code> makes one.</p>{{/products}}
        </div>
        {{/content}}{{/layout}}
        """

    static let product = """
        {{<layout}}{{$content}}
        <p class="trail"><a href="/">Products</a> /</p>
        <h1>{{productName}}</h1>
        <p>{{description}}</p>
        <div id="groups" data-live>
        <h2>Device groups</h2>
        <table>
        <thead><tr><th>Name</th><th>Type</th><th>Current deployment</th><th>Min supported deployment</th><th>Devices</th></tr></thead>
        <tbody>
        {{#groups}}<tr><td><a href="/console/devicegroups/{{id}}">{{name}}</a></td><td>{{type}}</td>
        <td>{{#currentDeployment}}<a href="/console/deployments/{{.}}">{{.}}</a>{{/currentDeployment}}</td>
        <td>{{#minSupportedDeployment}}<a href="/console/deployments/{{.}}">{{.}}</a>{{/minSupportedDeployment}}</td>
        <td>{{devices}}</td></tr>
        {{/groups}}
        </tbody>
        </table>
        </div>
        {{/content}}{{/layout}}
        """

    static let group = """
        {{<layout}}{{$content}}
        {{#group}}
        <p class="trail"><a href="/">Products</a> / <a href="/console/products/{{productID}}">{{productName}}</a> /</p>
        <h1>{{name}}</h1>
        <div id="group" data-live>
        <dl>
        <dt>Type</dt><dd id="group-type">{{type}}</dd>
        <dt>Description</dt><dd>{{description}}</dd>
        <dt>Current deployment</dt><dd>{{#currentDeployment}}<a href="/console/deployments/{{.}}">{{.}}</a>{{/currentDeployment}}</dd>
        <dt>Min supported deployment</dt><dd>{{#minSupportedDeployment}}<a href="/console/deployments/{{.}}">{{.}}</a>{{/minSupportedDeployment}}</dd>
        {{#productionTarget}}<dt>Production target</dt><dd>{{.}}</dd>{{/productionTarget}}
        {{#dutTarget}}<dt>DUT target</dt><dd>{{.}}</dd>{{/dutTarget}}
        </dl>
        {{/group}}
        <h2>Devices</h2>
        {{>pager}}
        <table id="group-devices">
        <thead><tr><th>Name</th><th>Id</th><th>State</th><th>Running deployment</th></tr></thead>
        <tbody>
        {{#devices}}<tr><td><a href="/console/devices/{{id}}">{{name}}</a></td><td>{{id}}</td>
        <td>{{#online}}<span class="on">online</span>{{/online}}{{^online}}<span class="off">offline</span>{{/online}}</td>
        <td>{{runningDeployment}}</td></tr>
        {{/devices}}
        </tbody>
        </table>
        <h2>Deployments</h2>
        <table>
        <thead><tr><th>Id</th><th>Created</th><th>Tags</th><th>Flagged</th><th>Description</th></tr></thead>
        <tbody>
        {{#deployments}}<tr><td><a href="/console/deployments/{{id}}">{{id}}</a></td><td>{{created}}</td><td>{{tags}}</td>
        <td>{{#flagged}}flagged{{/flagged}}</td><td>{{description}}</td></tr>
        {{/deployments}}
        </tbody>
        </table>
        <h2>Webhooks</h2>
        <table>
        <thead><tr><th>Event</th><th>URL</th><th>Content type</th></tr></thead>
        <tbody>
        {{#webhooks}}<tr><td><a href="/console/webhooks/{{id}}">{{event}}</a></td><td>{{url}}</td><td>{{contentType}}</td></tr>
        {{/webhooks}}
        </tbody>
        </table>
        </div>
        {{/content}}{{/layout}}
        """

    static let devices = """
        {{<layout}}{{$content}}
        <h1>Devices</h1>
        <div id="devices" data-live>
        {{>pager}}
        <table>
        <thead><tr><th>Name</th><th>Id</th><th>State</th><th>Device group</th><th>Agent URL</th></tr></thead>
        <tbody>
        {{#devices}}<tr><td><a href="/console/devices/{{id}}">{{name}}</a></td><td>{{id}}</td>
        <td>{{#online}}<span class="on">online</span>{{/online}}{{^online}}<span class="off">offline</span>{{/online}}</td>
        <td>{{#groupID}}<a href="/console/devicegroups/{{.}}">{{groupName}}</a>{{/groupID}}</td><td>{{agentURL}}</td></tr>
        {{/devices}}
        </tbody>
        </table>
        </div>
        {{/content}}{{/layout}}
        """

    static let deployment = """
        {{<layout}}{{$content}}
        {{#deployment}}
        <p class="trail">{{#groupID}}<a href="/console/devicegroups/{{.}}">{{groupName}}</a> /{{/groupID}}</p>
        <h1>Deployment {{id}}</h1>
        <dl>
        <dt>Created</dt><dd>{{created}}</dd>
        <dt>SHA</dt><dd>{{sha}}</dd>
        <dt>Tags</dt><dd id="tags">{{tags}}</dd>
        <dt>Flagged</dt><dd id="flagged">{{#flagged}}yes{{/flagged}}{{^flagged}}no{{/flagged}}</dd>
        <dt>Description</dt><dd>{{description}}</dd>
        <dt>Origin</dt><dd>{{origin}}</dd>
        </dl>
        <h2>Device code</h2>
        <pre class="code" id="device-code">{{deviceCode}}</pre>
        <h2>Agent code</h2>
        <pre class="code" id="agent-code">{{agentCode}}</pre>
        {{/deployment}}
        {{/content}}{{/layout}}
        """

    static let webhook = """
        {{<layout}}{{$content}}
        {{#webhook}}
        <p class="trail"><a href="/console/devicegroups/{{groupID}}">{{groupName}}</a> /</p>
        <h1>Webhook: {{event}}</h1>
        <dl><dt>URL</dt><dd>{{url}}</dd><dt>Content type</dt><dd>{{contentType}}</dd></dl>
        {{/webhook}}
        <h2>Deliveries</h2>
        <div id="deliveries" data-live>
        <table>
        <thead><tr><th>Attempted</th><th>Event</th><th>Status</th><th>Result</th><th>Payload</th></tr></thead>
        <tbody>
        {{#deliveries}}<tr><td>{{attempted}}</td><td>{{event}}</td><td>{{status}}</td>
        <td>{{#success}}<span class="on">delivered</span>{{/success}}{{^success}}<span class="off">{{error}}</span>{{/success}}</td>
        <td><details><summary>show</summary><pre>{{payload}}</pre></details></td></tr>
        {{/deliveries}}
        </tbody>
        </table>
        {{^deliveries}}<p>No deliveries yet.</p>{{/deliveries}}
        </div>
        {{/content}}{{/layout}}
        """
}
