//! An impt command-group plugin written in Rust with the standard library only, against the impt
//! plugin ABI 1.3 (the header impt_plugin.h of the impt-dev package; `abi.rs` mirrors the parts
//! used). It builds with the Rust of Debian 12 (1.63) offline:
//!
//! ```sh
//! cargo build --release --offline
//! cp target/release/libimpt_rust_example.so ~/.local/share/impt/plugins/libimpt-rust-example.so
//! ```
//!
//! It adds the group `rust-example`:
//!   impt rust-example greet --name Ada [--name Grace] [--shout]   greets, from its options
//!   impt rust-example whoami                                     the account impt is logged in to
//!
//! Every command uses the 1.3 handler form, `run(ctx, args)`: one C type for every command, the
//! options read by name through "impt.args/1", so nothing is ever cast to another signature.
mod abi;

use abi::*;
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

/// The host table given to the entry function (static for the life of the process).
static HOST: AtomicPtr<impt_host> = AtomicPtr::new(ptr::null_mut());

/// A NUL-terminated literal as a C string pointer.
macro_rules! c {
    ($text:expr) => {
        concat!($text, "\0").as_ptr() as *const c_char
    };
}

/// The descriptor and its arrays hold raw pointers to static data only.
struct Static<T>(T);
unsafe impl<T> Sync for Static<T> {}

struct Services {
    host: &'static impt_host,
    values: &'static impt_values_v1,
    output: &'static impt_output_v1,
    entities: &'static impt_entities_v1,
    args: &'static impt_args_v1,
}

unsafe fn service<T>(host: &impt_host, id: &[u8]) -> Option<&'static T> {
    ((host.get_service)(id.as_ptr() as *const c_char) as *const T).as_ref()
}

/// The services, or None when this impt lacks one (the `init` callback then refused the plugin).
unsafe fn services() -> Option<Services> {
    let host = HOST.load(Ordering::Acquire).as_ref()?;
    Some(Services {
        host,
        values: service(host, IMPT_SERVICE_VALUES_V1)?,
        output: service(host, IMPT_SERVICE_OUTPUT_V1)?,
        entities: service(host, IMPT_SERVICE_ENTITIES_V1)?,
        args: service(host, IMPT_SERVICE_ARGS_V1)?,
    })
}

/// Records a failure with the host and returns its status.
unsafe fn fail(s: &Services, ctx: *mut impt_context, message: &str) -> i32 {
    let text = CString::new(message.replace('\0', " ")).unwrap_or_default();
    (s.host.fail)(ctx, IMPT_ERR_FAILED, text.as_ptr())
}

unsafe extern "C" fn greet(ctx: *mut impt_context, args: *const impt_arguments) -> i32 {
    let s = match services() {
        Some(s) => s,
        None => return IMPT_ERR_FAILED,
    };
    let mut names: *const *const c_char = ptr::null();
    let mut count: usize = 0;
    let status = (s.args.list)(ctx, args, c!("name"), &mut names, &mut count);
    if status != IMPT_OK {
        return status; // the host recorded why
    }
    let mut shout = false;
    let status = (s.args.flag)(ctx, args, c!("shout"), &mut shout);
    if status != IMPT_OK {
        return status;
    }
    let mut greeting: *const c_char = ptr::null();
    let status = (s.args.string)(ctx, args, c!("greeting"), &mut greeting);
    if status != IMPT_OK {
        return status;
    }
    let greeting = CStr::from_ptr(greeting).to_string_lossy().into_owned(); // it has a default
    let result = (s.values.new_object)(ctx);
    let list = (s.values.new_array)(ctx);
    for index in 0..count {
        let name = CStr::from_ptr(*names.add(index)).to_string_lossy();
        if name.trim().is_empty() {
            return fail(&s, ctx, "A name must not be blank.");
        }
        let mut line = format!("{}, {}!", greeting, name);
        if shout {
            line = line.to_uppercase();
        }
        let text = CString::new(line).unwrap_or_default();
        (s.values.append)(ctx, list, (s.values.new_string)(ctx, text.as_ptr()));
    }
    (s.values.set)(ctx, result, c!("greetings"), list);
    (s.values.set)(ctx, result, c!("count"), (s.values.new_integer)(ctx, count as i64));
    (s.values.set)(ctx, result, c!("command"), (s.values.new_string)(ctx, (s.args.command)(ctx, args)));
    let wrapped = (s.values.new_object)(ctx);
    (s.values.set)(ctx, wrapped, c!("Greeting"), result);
    (s.output.info)(ctx, c!("Greetings are made successfully."));
    (s.output.result)(ctx, wrapped);
    IMPT_OK
}

unsafe extern "C" fn whoami(ctx: *mut impt_context, _args: *const impt_arguments) -> i32 {
    let s = match services() {
        Some(s) => s,
        None => return IMPT_ERR_FAILED,
    };
    let mut account: *mut impt_value = ptr::null_mut();
    let status = (s.entities.resolve)(ctx, IMPT_ENTITY_ACCOUNT, c!("me"), IMPT_RESOLVE_NO_PROJECT, &mut account);
    if status != IMPT_OK {
        return status;
    }
    let data = (s.values.member)(ctx, account, c!("data"));
    let mut shown: *mut impt_value = ptr::null_mut();
    let status = (s.entities.display)(ctx, IMPT_ENTITY_ACCOUNT, IMPT_DISPLAY_INFO, data, &mut shown);
    if status != IMPT_OK {
        return status;
    }
    (s.output.result)(ctx, shown);
    IMPT_OK
}

/// Refuses the plugin, with a reason impt shows, on an impt without the ABI 1.3 services.
unsafe extern "C" fn init(host: *const impt_host, message: *mut c_char, size: usize) -> i32 {
    HOST.store(host as *mut impt_host, Ordering::Release);
    if services().is_some() {
        return IMPT_OK;
    }
    let reason = b"this impt lacks impt.args/1 (impt 3.0 or newer is needed)";
    let length = reason.len().min(size.saturating_sub(1));
    if size > 0 {
        ptr::copy_nonoverlapping(reason.as_ptr() as *const c_char, message, length);
        *message.add(length) = 0;
    }
    IMPT_ERR_FAILED
}

const fn option(name: *const c_char, alias: u8, option_type: u32, flags: u32, value_name: *const c_char,
                help: *const c_char, default_value: *const c_char) -> impt_option {
    impt_option {
        header: impt_struct_header::of::<impt_option>(),
        name,
        alias: alias as c_char,
        option_type,
        flags,
        value_name,
        help,
        choices: ptr::null(),
        default_value,
    }
}

const IMPT_OPTION_REQUIRED: u32 = 1;

static GREET_OPTIONS: Static<[impt_option; 3]> = Static([
    option(c!("name"), b'n', IMPT_OPTION_STRING_LIST, IMPT_OPTION_REQUIRED, c!("name"), c!("Someone to greet."), ptr::null()),
    option(c!("greeting"), b'g', IMPT_OPTION_STRING, 0, c!("word"), c!("The word to greet with."), c!("Hello")),
    option(c!("shout"), b's', IMPT_OPTION_FLAG, 0, ptr::null(), c!("Greets in capitals."), ptr::null()),
]);

const fn command(name: *const c_char, summary: *const c_char, options: *const impt_option, option_count: usize,
                 run: impt_run_fn) -> impt_command {
    impt_command {
        header: impt_struct_header::of::<impt_command>(),
        name,
        summary,
        description: ptr::null(),
        usage: ptr::null(),
        options,
        option_count,
        handler: None,
        constraints: ptr::null(),
        constraint_count: 0,
        examples: ptr::null(),
        run: Some(run),
    }
}

static COMMANDS: Static<[impt_command; 2]> = Static([
    command(c!("greet"), c!("Greets people by name."), GREET_OPTIONS.0.as_ptr(), 3, greet),
    command(c!("whoami"), c!("Shows the account impt is logged in to."), ptr::null(), 0, whoami),
]);

static DESCRIPTOR: Static<impt_plugin_descriptor> = Static(impt_plugin_descriptor {
    header: impt_struct_header::of::<impt_plugin_descriptor>(),
    group: c!("rust-example"),
    summary: c!("Example commands from a plugin written in Rust."),
    description: c!("Example commands from a third-party plugin written in Rust with the standard library only."),
    plugin_version: c!("1.0.0"),
    commands: COMMANDS.0.as_ptr(),
    command_count: 2,
    init: Some(init),
    language: c!("Rust"),
    toolchain: concat!(env!("IMPT_RUSTC_VERSION"), "\0").as_ptr() as *const c_char,
});

/// The one symbol impt looks for.
#[no_mangle]
pub unsafe extern "C" fn impt_plugin_entry(host: *const impt_host) -> *const impt_plugin_descriptor {
    HOST.store(host as *mut impt_host, Ordering::Release);
    &DESCRIPTOR.0
}
