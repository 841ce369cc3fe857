extension ConsoleTemplates {
    /// The device page: its state (live), the simulator's actions (each form asks for
    /// confirmation and carries the CSRF token) and its log, which grows as the device logs.
    static let device = """
        {{<layout}}{{$content}}
        {{#device}}
        <p class="trail"><a href="/console/devices">Devices</a> /</p>
        <h1>{{name}}</h1>
        <div id="device" data-live>
        <dl>
        <dt>Id</dt><dd id="device-id">{{id}}</dd>
        <dt>MAC address</dt><dd>{{macAddress}}</dd>
        <dt>imp type</dt><dd>{{impType}}</dd>
        <dt>State</dt><dd id="device-state">{{#online}}<span class="on">online</span>{{/online}}{{^online}}<span class="off">offline</span>{{/online}}</dd>
        <dt>Device group</dt><dd id="device-group">{{#groupID}}<a href="/console/devicegroups/{{.}}">{{groupName}}</a> ({{groupType}}){{/groupID}}{{^groupID}}unassigned{{/groupID}}</dd>
        <dt>Running deployment</dt><dd>{{#runningDeployment}}<a href="/console/deployments/{{.}}">{{.}}</a>{{/runningDeployment}}</dd>
        <dt>Agent URL</dt><dd>{{agentURL}}</dd>
        </dl>
        </div>
        <section class="actions">
        <h2>Simulator actions</h2>
        <div id="device-actions" data-live>
        {{#online}}
        <form method="post" action="/console/devices/{{id}}/online" data-confirm="Take {{name}} offline?">
        <input type="hidden" name="csrf" value="{{chrome.csrf}}"><input type="hidden" name="online" value="false">
        <button id="go-offline">Go offline</button></form>
        {{/online}}
        {{^online}}
        <form method="post" action="/console/devices/{{id}}/online" data-confirm="Bring {{name}} online?">
        <input type="hidden" name="csrf" value="{{chrome.csrf}}"><input type="hidden" name="online" value="true">
        <button id="go-online">Go online</button></form>
        {{/online}}
        <form method="post" action="/console/devices/{{id}}/blinkup" data-confirm="BlinkUp {{name}}?">
        <input type="hidden" name="csrf" value="{{chrome.csrf}}">
        <label>BlinkUp into <select name="devicegroup" id="blinkup-group">
        <option value="">(its current group)</option>
        {{#groups}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{label}}</option>
        {{/groups}}
        </select></label>
        <button id="blinkup">BlinkUp</button></form>
        {{#blessable}}
        <form method="post" action="/console/devices/{{id}}/bless" data-confirm="Bless {{name}} (test passed)?">
        <input type="hidden" name="csrf" value="{{chrome.csrf}}"><input type="hidden" name="success" value="true">
        <button id="bless">Bless: test passed</button></form>
        <form method="post" action="/console/devices/{{id}}/bless" data-confirm="Report a failed factory test for {{name}}?">
        <input type="hidden" name="csrf" value="{{chrome.csrf}}"><input type="hidden" name="success" value="false">
        <button id="bless-fail">Bless: test failed</button></form>
        {{/blessable}}
        </div>
        <form method="post" action="/console/devices/{{id}}/logs" data-confirm="Add this line to the log of {{name}}?">
        <input type="hidden" name="csrf" value="{{chrome.csrf}}">
        <label>Log line <input name="msg" id="log-msg" required maxlength="4096"></label>
        <select name="type" id="log-type"><option>server.log</option><option>server.error</option><option>agent.log</option><option>agent.error</option></select>
        <button id="inject-log">Log it</button></form>
        </section>
        <h2>Log</h2>
        {{#inProduction}}<p id="no-log">impCentral offers no logs of production devices, and neither does this console.</p>{{/inProduction}}
        {{^inProduction}}
        <table class="log">
        <thead><tr><th>Time</th><th>Type</th><th>Message</th></tr></thead>
        <tbody id="log" data-device="{{id}}" data-after="{{lastLogSeq}}">
        {{#logs}}<tr><td>{{time}}</td><td>{{type}}</td><td>{{msg}}</td></tr>
        {{/logs}}
        </tbody>
        </table>
        {{/inProduction}}
        {{/device}}
        {{/content}}{{/layout}}
        """
}
