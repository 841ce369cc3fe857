import ImptPluginAPI
import ImptPluginKit

let productPlugin = PluginDefinition(
    group: "product", summary: "Product manipulation commands.",
    version: ImptPluginVersion.current,
    commands: [ProductCreate.self, ProductList.self, ProductInfo.self, ProductUpdate.self, ProductDelete.self])

@_cdecl("impt_plugin_entry")
public func imptPluginEntry(_ host: UnsafePointer<impt_host>?) -> UnsafePointer<impt_plugin_descriptor> {
    productPlugin.descriptor(host: host)
}

/// `--product`, shared by the commands that act on one Product.
let productOption = OptionDefinition.string(
    "product", "p", value: "PRODUCT_IDENTIFIER",
    help: "The Product: its id or name, or {account}{product} to name it within an account.", fromProject: true)
