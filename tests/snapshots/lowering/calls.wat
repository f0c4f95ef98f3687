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
  (export "run" (func 15))
  (func (;0;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64)
    local.get 3
    i64.extend_i32_u
    local.set 4
    local.get 0
    local.get 1
    local.get 2
    local.get 4
    i32.wrap_i64
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    local.get 4
    i32.wrap_i64
    i32.const 20
    i32.shr_u
    return_call_indirect (type 0)
  )
  (func (;15;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i64 i64 i64 i64 i32 i32 i32 f64 i64 i64 i64 i64 i64 i64 i64 i64)
    block ;; label = @1
      block ;; label = @2
        block ;; label = @3
          local.get 3
          global.set 1
          loop ;; label = @4
            block ;; label = @5
              block ;; label = @6
                block ;; label = @7
                  global.get 1
                  local.set 3
                  block ;; label = @8
                    block ;; label = @9
                      block ;; label = @10
                        block ;; label = @11
                          block ;; label = @12
                            block ;; label = @13
                              block ;; label = @14
                                local.get 3
                                br_table 9 (;@5;) 9 (;@5;) 0 (;@14;) 9 (;@5;) 1 (;@13;) 9 (;@5;) 2 (;@12;) 9 (;@5;) 9 (;@5;) 9 (;@5;) 3 (;@11;) 9 (;@5;) 4 (;@10;) 5 (;@9;) 6 (;@8;) 9 (;@5;)
                              end
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
                              if ;; label = @14
                                i32.const 8
                                global.set 2
                                br 11 (;@3;)
                              end
                              local.get 0
                              i32.load offset=20
                              local.get 0
                              i32.load offset=8
                              i32.sub
                              i32.const 8
                              i32.lt_u
                              if ;; label = @14
                                local.get 0
                                i32.const 1
                                i32.const 1
                                local.get 2
                                call 2
                                i32.eqz
                                if ;; label = @15
                                  i32.const 1
                                  global.set 2
                                  br 14 (;@1;)
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
                              br 6 (;@7;)
                            end
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
                            if ;; label = @13
                              i32.const 16
                              global.set 2
                              br 10 (;@3;)
                            end
                            br 5 (;@7;)
                          end
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
                          if ;; label = @12
                            i32.const 24
                            global.set 2
                            br 9 (;@3;)
                          end
                          local.get 0
                          i32.load offset=20
                          local.get 0
                          i32.load offset=8
                          i32.sub
                          i32.const 8
                          i32.lt_u
                          if ;; label = @12
                            local.get 0
                            i32.const 1
                            i32.const 1
                            local.get 2
                            call 2
                            i32.eqz
                            if ;; label = @13
                              i32.const 5
                              global.set 2
                              br 12 (;@1;)
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
                          if ;; label = @12
                            local.get 0
                            global.get 0
                            i64.load
                            i32.const 0
                            local.get 2
                            call 8
                            local.tee 6
                            i64.eqz
                            if ;; label = @13
                              i32.const 5
                              global.set 2
                              br 12 (;@1;)
                            end
                          end
                          local.get 6
                          i64.const -1048576
                          i64.and
                          global.get 0
                          i64.load
                          i64.ne
                          if ;; label = @12
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
                          global.set 1
                          br 7 (;@4;)
                        end
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
                        if ;; label = @11
                          i32.const 40
                          global.set 2
                          br 8 (;@3;)
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
                        if ;; label = @11
                          i32.const 7
                          global.set 2
                          br 10 (;@1;)
                        end
                        local.get 0
                        local.get 4
                        i64.store offset=24
                        local.get 4
                        local.set 12
                        br 4 (;@6;)
                      end
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
                      if ;; label = @10
                        i32.const 48
                        global.set 2
                        br 7 (;@3;)
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
                      if ;; label = @10
                        i32.const 8
                        global.set 2
                        br 9 (;@1;)
                      end
                      local.get 0
                      local.get 4
                      i64.store offset=24
                      local.get 4
                      local.set 12
                      br 3 (;@6;)
                    end
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
                    if ;; label = @9
                      local.get 0
                      local.get 9
                      i32.store offset=16
                    end
                    br 2 (;@6;)
                  end
                  local.get 0
                  i32.load offset=20
                  local.get 0
                  i32.load offset=8
                  i32.sub
                  i32.const 16
                  i32.lt_u
                  if ;; label = @8
                    local.get 0
                    i32.const 2
                    i32.const 1
                    local.get 2
                    call 2
                    i32.eqz
                    if ;; label = @9
                      i32.const 5
                      global.set 2
                      br 8 (;@1;)
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
                  if ;; label = @8
                    local.get 0
                    local.get 9
                    i32.store offset=16
                  end
                  br 1 (;@6;)
                end
                local.get 0
                i32.load offset=20
                local.get 0
                i32.load offset=8
                i32.sub
                i32.const 16
                i32.lt_u
                if ;; label = @7
                  local.get 0
                  i32.const 2
                  i32.const 1
                  local.get 2
                  call 2
                  i32.eqz
                  if ;; label = @8
                    i32.const 6
                    global.set 2
                    br 7 (;@1;)
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
              if ;; label = @6
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
              global.set 1
              br 1 (;@4;)
            end
            unreachable
          end
          unreachable
        end
        local.get 1
        global.get 0
        i64.load
        global.get 2
        i64.extend_i32_u
        i64.or
        i64.store offset=8
        local.get 0
        return
      end
      local.get 0
      i32.const 4
      i64.const 59
      i32.const 0
      local.get 2
      call 5
      drop
    end
    local.get 0
    local.get 1
    local.get 2
    global.get 2
    return_call 1
  )
)
