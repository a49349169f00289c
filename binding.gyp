{
  "targets": [
    {
      "target_name": "mintbench",
      "sources": [
        "native/binding.cc",
        "native/workload.cc",
        "native/clock.cc",
        "native/cpu_loop.cc",
        "native/mem_copy.cc",
        "native/disk_read.cc",
        "native/affinity.cc",
        "native/cpuid.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      # -frecord-gcc-switches: the binary keeps its compiler's flags, which `info` and every result report.
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wpedantic", "-frecord-gcc-switches"]
    }
  ]
}
