//! The parts of the impt plugin ABI 1.3 (impt_plugin.h) this plugin uses, as `#[repr(C)]`
//! declarations. Layouts follow the header exactly; impt_plugin_layout.h lists every offset.
#![allow(non_camel_case_types, dead_code)]

use std::os::raw::{c_char, c_void};

pub const IMPT_ABI_MAJOR: u16 = 1;
pub const IMPT_ABI_MINOR: u16 = 3;

pub const IMPT_OK: i32 = 0;
pub const IMPT_ERR_FAILED: i32 = 1;

pub const IMPT_OPTION_STRING: u32 = 1;
pub const IMPT_OPTION_FLAG: u32 = 2;
pub const IMPT_OPTION_STRING_LIST: u32 = 5;

pub const IMPT_ENTITY_ACCOUNT: i32 = 1;
pub const IMPT_DISPLAY_INFO: i32 = 3;
pub const IMPT_RESOLVE_NO_PROJECT: u32 = 2;

#[repr(C)]
pub struct impt_struct_header {
    pub struct_size: u32,
    pub abi_major: u16,
    pub abi_minor: u16,
}

impl impt_struct_header {
    pub const fn of<T>() -> Self {
        impt_struct_header { struct_size: std::mem::size_of::<T>() as u32, abi_major: IMPT_ABI_MAJOR, abi_minor: IMPT_ABI_MINOR }
    }
}

/// Opaque handles.
#[repr(C)]
pub struct impt_context {
    _private: [u8; 0],
}
#[repr(C)]
pub struct impt_value {
    _private: [u8; 0],
}
#[repr(C)]
pub struct impt_arguments {
    _private: [u8; 0],
}

pub type impt_run_fn = unsafe extern "C" fn(*mut impt_context, *const impt_arguments) -> i32;

#[repr(C)]
pub struct impt_option {
    pub header: impt_struct_header,
    pub name: *const c_char,
    pub alias: c_char,
    pub option_type: u32,
    pub flags: u32,
    pub value_name: *const c_char,
    pub help: *const c_char,
    pub choices: *const *const c_char,
    pub default_value: *const c_char,
}

#[repr(C)]
pub struct impt_command {
    pub header: impt_struct_header,
    pub name: *const c_char,
    pub summary: *const c_char,
    pub description: *const c_char,
    pub usage: *const c_char,
    pub options: *const impt_option,
    pub option_count: usize,
    pub handler: Option<unsafe extern "C" fn()>,
    pub constraints: *const c_void,
    pub constraint_count: usize,
    pub examples: *const c_char,
    pub run: Option<impt_run_fn>,
}

#[repr(C)]
pub struct impt_plugin_descriptor {
    pub header: impt_struct_header,
    pub group: *const c_char,
    pub summary: *const c_char,
    pub description: *const c_char,
    pub plugin_version: *const c_char,
    pub commands: *const impt_command,
    pub command_count: usize,
    pub init: Option<unsafe extern "C" fn(*const impt_host, *mut c_char, usize) -> i32>,
    pub language: *const c_char,
    pub toolchain: *const c_char,
}

#[repr(C)]
pub struct impt_host {
    pub header: impt_struct_header,
    pub impt_version: *const c_char,
    pub get_service: unsafe extern "C" fn(*const c_char) -> *const c_void,
    pub free: unsafe extern "C" fn(*mut c_void),
    pub fail: unsafe extern "C" fn(*mut impt_context, i32, *const c_char) -> i32,
    pub last_error: *const c_void,
    pub clear_error: unsafe extern "C" fn(*mut impt_context),
}

/// "impt.values/1" (only the members used are typed; the rest keep their places).
#[repr(C)]
pub struct impt_values_v1 {
    pub header: impt_struct_header,
    pub new_null: *const c_void,
    pub new_bool: unsafe extern "C" fn(*mut impt_context, bool) -> *mut impt_value,
    pub new_integer: unsafe extern "C" fn(*mut impt_context, i64) -> *mut impt_value,
    pub new_number: *const c_void,
    pub new_string: unsafe extern "C" fn(*mut impt_context, *const c_char) -> *mut impt_value,
    pub new_array: unsafe extern "C" fn(*mut impt_context) -> *mut impt_value,
    pub new_object: unsafe extern "C" fn(*mut impt_context) -> *mut impt_value,
    pub kind: *const c_void,
    pub get_bool: *const c_void,
    pub get_integer: *const c_void,
    pub get_number: *const c_void,
    pub get_string: *const c_void,
    pub count: *const c_void,
    pub key_at: *const c_void,
    pub member: unsafe extern "C" fn(*mut impt_context, *const impt_value, *const c_char) -> *mut impt_value,
    pub element: *const c_void,
    pub lookup: *const c_void,
    pub set: unsafe extern "C" fn(*mut impt_context, *mut impt_value, *const c_char, *const impt_value) -> i32,
    pub remove: *const c_void,
    pub append: unsafe extern "C" fn(*mut impt_context, *mut impt_value, *const impt_value) -> i32,
}

/// "impt.output/1".
#[repr(C)]
pub struct impt_output_v1 {
    pub header: impt_struct_header,
    pub mode: unsafe extern "C" fn(*mut impt_context) -> i32,
    pub info: unsafe extern "C" fn(*mut impt_context, *const c_char),
    pub result: unsafe extern "C" fn(*mut impt_context, *const impt_value),
}

/// "impt.entities/1" (resolve and display).
#[repr(C)]
pub struct impt_entities_v1 {
    pub header: impt_struct_header,
    pub resolve: unsafe extern "C" fn(*mut impt_context, i32, *const c_char, u32, *mut *mut impt_value) -> i32,
    pub find: *const c_void,
    pub display: unsafe extern "C" fn(*mut impt_context, i32, i32, *const impt_value, *mut *mut impt_value) -> i32,
}

/// "impt.args/1".
#[repr(C)]
pub struct impt_args_v1 {
    pub header: impt_struct_header,
    pub string: unsafe extern "C" fn(*mut impt_context, *const impt_arguments, *const c_char, *mut *const c_char) -> i32,
    pub list: unsafe extern "C" fn(*mut impt_context, *const impt_arguments, *const c_char, *mut *const *const c_char, *mut usize) -> i32,
    pub flag: unsafe extern "C" fn(*mut impt_context, *const impt_arguments, *const c_char, *mut bool) -> i32,
    pub tristate: *const c_void,
    pub integer: *const c_void,
    pub number: *const c_void,
    pub given: *const c_void,
    pub command: unsafe extern "C" fn(*mut impt_context, *const impt_arguments) -> *const c_char,
}

pub const IMPT_SERVICE_VALUES_V1: &[u8] = b"impt.values/1\0";
pub const IMPT_SERVICE_OUTPUT_V1: &[u8] = b"impt.output/1\0";
pub const IMPT_SERVICE_ENTITIES_V1: &[u8] = b"impt.entities/1\0";
pub const IMPT_SERVICE_ARGS_V1: &[u8] = b"impt.args/1\0";
