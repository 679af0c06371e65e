module heapdiff.invalid/gendump

go 1.19
