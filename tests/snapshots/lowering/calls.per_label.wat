(module
  (type (;0;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;1;) (func (param i32 i32 i32) (result i32)))
  (type (;2;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;3;) (func (param i32 i32 i32 i64 i64 i64) (result i64)))
  (type (;4;) (func (param i32 i32 i32 i64 i64 i64 i32) (result i64)))
  (type (;5;) (func (param i32 i32 i64 i32) (result i64)))
  (type (;6;) (func (param i32 i32 i64 i32 i32) (result i64)))
  (type (;7;) (func (param i32 i32 i64 i32) (result i64)))
  (type (;8;) (func (param i32 i32 i64 i32 i32) (result i64)))
  (type (;9;) (func (param i32 i64 i64) (result i32)))
  (type (;10;) (func (param i32 i64 i64 i32) (result i32)))
  (type (;11;) (func (param i32 i64 i64) (result i32)))
  (type (;12;) (func (param i32 i64 i64 i32) (result i32)))
  (type (;13;) (func (param i32 i64 i32) (result i64)))
  (type (;14;) (func (param i32 i64 i32 i32) (result i64)))
  (type (;15;) (func (param i32 i32 i32 i64 i64 i64) (result i64)))
  (type (;16;) (func (param i32 i32 i32 i64 i64 i64 i32) (result i64)))
  (type (;17;) (func (param i32 i32 i32 i64 i64 i64) (result i64)))
  (type (;18;) (func (param i32 i32 i32 i64 i64 i64 i32) (result i64)))
  (type (;19;) (func (param i32 i32 i64 i64) (result i64)))
  (type (;20;) (func (param i32 i32 i64 i64 i32) (result i64)))
  (type (;21;) (func (param i32 i32 i32) (result i64)))
  (type (;22;) (func (param i32 i32 i32 i32) (result i64)))
  (type (;23;) (func (param i32 i32 i64 i32) (result i32)))
  (type (;24;) (func (param i32 i32 i64 i32 i32) (result i32)))
  (type (;25;) (func (param i32 i32 i64 i64) (result i64)))
  (type (;26;) (func (param i32 i32 i64 i64 i32) (result i64)))
  (import "env" "memory" (memory (;0;) 1))
  (import "env" "table" (table (;0;) 1 funcref))
  (import "env" "module_data" (global (;0;) i32))
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (export "l1" (func 15))
  (export "l2" (func 16))
  (export "l3" (func 17))
  (export "l4" (func 18))
  (export "l5" (func 19))
  (export "l6" (func 20))
  (export "l7" (func 21))
  (export "l8" (func 22))
  (export "l9" (func 23))
  (export "l10" (func 24))
  (export "l11" (func 25))
  (export "l12" (func 26))
  (export "l13" (func 27))
  (export "l14" (func 28))
  (func (;0;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64)
    local.get 3
    i64.extend_i32_u
    local.set 4
    local.get 1
    local.get 4
    i64.store offset=8
    local.get 0
  )
  (func (;15;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.const 4
    i64.const 59
    i32.const 1
    local.get 2
    call 5
    drop
    local.get 0
    local.get 1
    local.get 2
    i32.const 0
    return_call 1
    unreachable
  )
  (func (;16;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 1
    local.get 1
    i32.load offset=16
    i32.const 1
    i32.sub
    local.tee 10
    i32.store offset=16
    local.get 10
    i32.const 1
    i32.lt_s
    if ;; label = @1
      local.get 1
      global.get 0
      i64.load
      i64.const 8
      i64.or
      i64.store offset=8
      local.get 0
      return
    end
    local.get 0
    i32.load offset=20
    local.get 0
    i32.load offset=8
    i32.sub
    i32.const 8
    i32.lt_u
    if ;; label = @1
      local.get 0
      i32.const 1
      i32.const 1
      local.get 2
      call 2
      i32.eqz
      if ;; label = @2
        local.get 0
        local.get 1
        local.get 2
        i32.const 1
        return_call 1
      end
    end
    local.get 0
    i32.load offset=20
    i32.const 8
    i32.sub
    local.set 9
    local.get 0
    local.get 9
    i32.store offset=20
    local.get 9
    local.get 0
    i64.load offset=8216
    i64.store
    local.get 0
    global.get 0
    i64.load
    i64.const 52
    i64.or
    i64.store offset=8216
    i32.const 8
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
  (func (;17;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.const 4
    i64.const 59
    i32.const 3
    local.get 2
    call 5
    drop
    local.get 0
    local.get 1
    local.get 2
    i32.const 3
    return_call 1
    unreachable
  )
  (func (;18;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 1
    local.get 1
    i32.load offset=16
    i32.const 1
    i32.sub
    local.tee 10
    i32.store offset=16
    local.get 10
    i32.const 1
    i32.lt_s
    if ;; label = @1
      local.get 1
      global.get 0
      i64.load
      i64.const 16
      i64.or
      i64.store offset=8
      local.get 0
      return
    end
    i32.const 8
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
  (func (;19;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.const 4
    i64.const 59
    i32.const 4
    local.get 2
    call 5
    drop
    local.get 0
    local.get 1
    local.get 2
    i32.const 4
    return_call 1
    unreachable
  )
  (func (;20;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 1
    local.get 1
    i32.load offset=16
    i32.const 1
    i32.sub
    local.tee 10
    i32.store offset=16
    local.get 10
    i32.const 1
    i32.lt_s
    if ;; label = @1
      local.get 1
      global.get 0
      i64.load
      i64.const 24
      i64.or
      i64.store offset=8
      local.get 0
      return
    end
    local.get 0
    i32.load offset=20
    local.get 0
    i32.load offset=8
    i32.sub
    i32.const 8
    i32.lt_u
    if ;; label = @1
      local.get 0
      i32.const 1
      i32.const 1
      local.get 2
      call 2
      i32.eqz
      if ;; label = @2
        local.get 0
        local.get 1
        local.get 2
        i32.const 5
        return_call 1
      end
    end
    local.get 0
    i32.load offset=20
    i32.const 8
    i32.sub
    local.set 9
    local.get 0
    local.get 9
    i32.store offset=20
    local.get 9
    local.get 0
    i64.load offset=8216
    i64.store
    local.get 0
    global.get 0
    i64.load
    i64.const 56
    i64.or
    i64.store offset=8216
    global.get 0
    i64.load offset=104
    local.tee 6
    i64.eqz
    if ;; label = @1
      local.get 0
      global.get 0
      i64.load
      i32.const 0
      local.get 2
      call 8
      local.tee 6
      i64.eqz
      if ;; label = @2
        local.get 0
        local.get 1
        local.get 2
        i32.const 5
        return_call 1
      end
    end
    local.get 6
    i64.const -1048576
    i64.and
    global.get 0
    i64.load
    i64.ne
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      local.get 6
      i32.wrap_i64
      return_call 0
    end
    local.get 6
    i32.wrap_i64
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
  (func (;21;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.const 4
    i64.const 59
    i32.const 5
    local.get 2
    call 5
    drop
    local.get 0
    local.get 1
    local.get 2
    i32.const 6
    return_call 1
    unreachable
  )
  (func (;22;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.load offset=20
    local.get 0
    i32.load offset=8
    i32.sub
    i32.const 16
    i32.lt_u
    if ;; label = @1
      local.get 0
      i32.const 2
      i32.const 1
      local.get 2
      call 2
      i32.eqz
      if ;; label = @2
        local.get 0
        local.get 1
        local.get 2
        i32.const 6
        return_call 1
      end
    end
    local.get 0
    i32.load offset=8
    local.tee 8
    i64.const 64
    i64.store
    local.get 8
    local.get 0
    i64.load offset=24
    local.tee 12
    i64.store offset=8
    local.get 0
    local.get 8
    i32.const 16
    i32.add
    i32.store offset=8
    local.get 8
    i32.const 2
    i32.or
    i64.extend_i32_u
    local.set 6
    local.get 0
    local.get 6
    i64.store offset=24
    local.get 6
    local.set 12
    local.get 0
    i64.load offset=8216
    local.set 7
    local.get 7
    i64.const -1048576
    i64.and
    global.get 0
    i64.load
    i64.ne
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      local.get 7
      i32.wrap_i64
      return_call 0
    end
    local.get 7
    i32.wrap_i64
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
  (func (;23;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.const 4
    i64.const 59
    i32.const 0
    local.get 2
    call 5
    drop
    local.get 0
    local.get 1
    local.get 2
    i32.const 7
    return_call 1
    unreachable
  )
  (func (;24;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 1
    local.get 1
    i32.load offset=16
    i32.const 1
    i32.sub
    local.tee 10
    i32.store offset=16
    local.get 10
    i32.const 1
    i32.lt_s
    if ;; label = @1
      local.get 1
      global.get 0
      i64.load
      i64.const 40
      i64.or
      i64.store offset=8
      local.get 0
      return
    end
    global.get 0
    i64.load offset=16
    local.set 4
    local.get 0
    local.get 4
    i64.store offset=24
    local.get 4
    local.set 12
    local.get 12
    local.set 4
    local.get 0
    i32.const 157
    i32.const 1
    local.get 4
    i64.const 59
    i64.const 59
    local.get 2
    call 3
    local.get 0
    i64.load offset=24
    local.set 12
    local.set 4
    local.get 4
    i64.eqz
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      i32.const 7
      return_call 1
    end
    local.get 0
    local.get 4
    i64.store offset=24
    local.get 4
    local.set 12
    local.get 0
    i64.load offset=8216
    local.set 7
    local.get 7
    i64.const -1048576
    i64.and
    global.get 0
    i64.load
    i64.ne
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      local.get 7
      i32.wrap_i64
      return_call 0
    end
    local.get 7
    i32.wrap_i64
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
  (func (;25;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.const 4
    i64.const 59
    i32.const 0
    local.get 2
    call 5
    drop
    local.get 0
    local.get 1
    local.get 2
    i32.const 8
    return_call 1
    unreachable
  )
  (func (;26;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 1
    local.get 1
    i32.load offset=16
    i32.const 1
    i32.sub
    local.tee 10
    i32.store offset=16
    local.get 10
    i32.const 1
    i32.lt_s
    if ;; label = @1
      local.get 1
      global.get 0
      i64.load
      i64.const 48
      i64.or
      i64.store offset=8
      local.get 0
      return
    end
    local.get 0
    i64.load offset=24
    local.tee 12
    local.set 4
    local.get 0
    local.get 4
    i64.store offset=32
    local.get 4
    local.set 13
    global.get 0
    i64.load offset=16
    local.set 4
    local.get 0
    local.get 4
    i64.store offset=24
    local.get 4
    local.set 12
    local.get 12
    local.set 4
    local.get 13
    local.set 5
    local.get 0
    i32.const 158
    i32.const 2
    local.get 4
    local.get 5
    i64.const 59
    local.get 2
    call 3
    local.get 0
    i64.load offset=24
    local.set 12
    local.get 0
    i64.load offset=32
    local.set 13
    local.set 4
    local.get 4
    i64.eqz
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      i32.const 8
      return_call 1
    end
    local.get 0
    local.get 4
    i64.store offset=24
    local.get 4
    local.set 12
    local.get 0
    i64.load offset=8216
    local.set 7
    local.get 7
    i64.const -1048576
    i64.and
    global.get 0
    i64.load
    i64.ne
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      local.get 7
      i32.wrap_i64
      return_call 0
    end
    local.get 7
    i32.wrap_i64
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
  (func (;27;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    i64.const 139
    local.set 4
    local.get 0
    local.get 4
    i64.store offset=24
    local.get 4
    local.set 12
    local.get 0
    i32.load offset=20
    local.set 9
    local.get 0
    local.get 9
    i64.load
    i64.store offset=8216
    local.get 0
    i32.load offset=20
    i32.const 8
    i32.add
    local.set 9
    local.get 0
    local.get 9
    i32.store offset=20
    local.get 9
    local.get 0
    i32.load offset=16
    i32.gt_u
    if ;; label = @1
      local.get 0
      local.get 9
      i32.store offset=16
    end
    local.get 0
    i64.load offset=8216
    local.set 7
    local.get 7
    i64.const -1048576
    i64.and
    global.get 0
    i64.load
    i64.ne
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      local.get 7
      i32.wrap_i64
      return_call 0
    end
    local.get 7
    i32.wrap_i64
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
  (func (;28;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    local.get 0
    i32.load offset=20
    local.get 0
    i32.load offset=8
    i32.sub
    i32.const 16
    i32.lt_u
    if ;; label = @1
      local.get 0
      i32.const 2
      i32.const 1
      local.get 2
      call 2
      i32.eqz
      if ;; label = @2
        local.get 0
        local.get 1
        local.get 2
        i32.const 5
        return_call 1
      end
    end
    local.get 0
    i64.load offset=24
    local.tee 12
    local.set 4
    i64.const 59
    local.set 5
    local.get 0
    i32.load offset=8
    local.tee 8
    local.get 5
    i64.store
    local.get 8
    local.get 4
    i64.store offset=8
    local.get 0
    local.get 8
    i32.const 16
    i32.add
    i32.store offset=8
    local.get 8
    i32.const 1
    i32.or
    i64.extend_i32_u
    local.set 6
    local.get 0
    local.get 6
    i64.store offset=24
    local.get 6
    local.set 12
    local.get 0
    i32.load offset=20
    local.set 9
    local.get 0
    local.get 9
    i64.load
    i64.store offset=8216
    local.get 0
    i32.load offset=20
    i32.const 8
    i32.add
    local.set 9
    local.get 0
    local.get 9
    i32.store offset=20
    local.get 9
    local.get 0
    i32.load offset=16
    i32.gt_u
    if ;; label = @1
      local.get 0
      local.get 9
      i32.store offset=16
    end
    local.get 0
    i64.load offset=8216
    local.set 7
    local.get 7
    i64.const -1048576
    i64.and
    global.get 0
    i64.load
    i64.ne
    if ;; label = @1
      local.get 0
      local.get 1
      local.get 2
      local.get 7
      i32.wrap_i64
      return_call 0
    end
    local.get 7
    i32.wrap_i64
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    i32.const 2
    i32.shl
    i64.extend_i32_u
    global.get 0
    i64.load
    i64.or
    local.set 7
    local.get 1
    local.get 7
    i64.store offset=8
    local.get 0
    return
    unreachable
  )
)
